/**
 * The distributed path end to end, with real parts: three `photodesk worker` processes, Redis (the suite's
 * redis-server), moto behind a fault proxy that fails one request in five, and `photodesk ingest --queue`.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhotoQueue } from '../../src/pipeline/queue/index.js';
import { queueConfigSchema } from '../../src/config/index.js';
import { createLocalStorage } from '../../src/index.js';
import { runCliAsync } from '../helpers/cli.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { outputDir } from '../helpers/paths.js';
import { clientConfig, freshBucket, s3Target } from '../helpers/s3.js';
import { corruptPhoto, deskPhoto, redisUrl, startWorker, stopWorker, writeConfig, type WorkerProcess } from './helpers.js';

const dir = outputDir('queue-workers');

describe('queue: three workers, moto through a failing proxy, one worker killed mid-job', () => {
  const t = s3Target();
  const redis = redisUrl();
  let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
  let pub: string;
  let priv: string;
  let configFile: string;
  let workers: WorkerProcess[] = [];
  const photos: string[] = [];
  const good: string[] = [];
  const queueName = `workers-${process.pid}`;
  const env = { AWS_ACCESS_KEY_ID: t.accessKeyId, AWS_SECRET_ACCESS_KEY: t.secretAccessKey, AWS_REGION: t.region };
  const s3 = new S3Client(clientConfig(t));

  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    const inDir = path.join(dir, 'in');
    mkdirSync(inDir, { recursive: true });
    for (let i = 0; i < 25; i++) good.push(await deskPhoto(inDir, i));
    const rejected = [await deskPhoto(inDir, 25, { caption: 'CAPTION TK' }), await deskPhoto(inDir, 26, { caption: 'CAPTION TK' }), await deskPhoto(inDir, 27, { caption: 'CAPTION TK' })];
    const corrupt = [await corruptPhoto(inDir, 28), await corruptPhoto(inDir, 29)];
    photos.push(...good, ...rejected, ...corrupt);
    [pub, priv] = [await freshBucket(t), await freshBucket(t)];
    proxy = await startFaultProxy(t.endpoint, { failEvery: 5 });
    configFile = writeConfig(dir, {
      site: 'Sputnik Africa',
      rules: { credit: { agencies: [{ name: 'Reuters' }] } },
      // One request in five fails, and the producer's and the workers' requests interleave at the proxy, so each
      // attempt fails with about that chance: at the default 5 attempts (1 in 3,125 per request), the ~130
      // requests the producer sends for originals (160 HEADs and PUTs counted at the proxy, retries included)
      // gave up on one in about 4% of runs, as CI saw once; the producer then reports that photo, and a re-run
      // finishes it. 12 attempts make it a 1-in-10^6 event: what is tested here is the queue under faults.
      storage: { public: `s3://${pub}/photos`, private: `s3://${priv}/desk`, endpoint: proxy.endpoint, pathStyle: true, maxAttempts: 12 },
      renditions: { widths: [160, 320], formats: ['webp', 'jpeg'], placeholder: 'none' },
      concurrency: 1,
      queue: { url: redis, name: queueName, prefix: 'pdtest', attempts: 8, backoffMs: 200, lockSeconds: 2 },
    });
    workers = [0, 1, 2].map(() => startWorker(configFile, ['--encode-slots', '1'], env));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => (w.child.exitCode === null ? (w.child.kill('SIGKILL'), w.exited) : null)));
    await proxy?.close();
    s3.destroy();
  });

  it('publishes every good photo exactly once; rejected and corrupt photos fail with their codes, untried again', async () => {
    const victim = workers[0]!;
    // Kill the first worker while it holds a job: the job stalls, and another worker takes it.
    const killed = victim.waitFor((e) => e.type === 'started', 60_000).then((e) => {
      victim.child.kill('SIGKILL');
      return e;
    });
    const run = await runCliAsync(['ingest', path.join(dir, 'in'), '--config', configFile, '--queue', '--json', '--no-progress'], { env });
    const killedJob = await killed;
    expect((await victim.exited).signal).toBe('SIGKILL');

    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { source: string; status: string; error?: { code: string }; jobId: string });
    expect(lines).toHaveLength(30);
    const bySource = new Map(lines.map((l) => [path.basename(l.source), l]));
    for (const f of good) expect(bySource.get(path.basename(f))?.status, f).toBe('published');
    for (const i of [25, 26, 27]) expect(bySource.get(`photo-${i}.jpg`)).toMatchObject({ status: 'rejected', error: { code: 'POLICY_FAILED' } });
    for (const i of [28, 29]) expect(bySource.get(`corrupt-${i}.jpg`)).toMatchObject({ status: 'failed', error: { code: 'CORRUPT_IMAGE' } });
    expect(run.code).toBe(1); // some photos were rejected or failed, as a local run says
    // The job the killed worker held was taken over and finished by another worker.
    const endedElsewhere = workers.slice(1).some((w) => w.events.some((e) => e.jobId === killedJob.jobId && (e.type === 'completed' || e.type === 'failed')));
    expect(endedElsewhere).toBe(true);

    // Final failures were tried once.
    const q = createPhotoQueue({ queue: queueConfigSchema.parse({ url: redis, name: queueName, prefix: 'pdtest' }), privateStorage: createLocalStorage({ dir: path.join(dir, 'unused') }) });
    try {
      const status = await q.status();
      expect(status.failed).toHaveLength(5);
      for (const f of status.failed) expect(f.attempts, `${f.name} ${f.code}`).toBe(1);
      expect(status.failed.map((f) => f.code).sort()).toEqual(['CORRUPT_IMAGE', 'CORRUPT_IMAGE', 'POLICY_FAILED', 'POLICY_FAILED', 'POLICY_FAILED']);
    } finally {
      await q.close();
    }

    // Exactly one complete edition and one pointer per good photo in the public bucket.
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: pub, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((o) => o.Key!));
      token = page.NextContinuationToken;
    } while (token);
    const pointers = keys.filter((k) => k.endsWith('/current.json'));
    const manifests = keys.filter((k) => /\/edition-[0-9a-f]{16}\.json$/.test(k));
    expect(pointers).toHaveLength(25);
    expect(manifests).toHaveLength(25);
    for (const m of manifests) {
      const body = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: pub, Key: m }))).Body!.transformToString()) as { renditions: { key: string }[] };
      expect(body.renditions).toHaveLength(4);
      for (const r of body.renditions) expect(keys).toContain(`photos/${r.key}`);
    }
    expect(keys).toHaveLength(25 * (1 + 1 + 4));

    // The proxy did fail requests, and no immutable key was ever written with two different bodies.
    expect(proxy.seen.filter((s) => s.status === 'injected-503').length).toBeGreaterThan(20);
    const bodies = new Map<string, Set<string>>();
    for (const s of proxy.seen) {
      if (s.method !== 'PUT' || s.status !== 200 || s.url.includes('current.json') || s.url.includes('/history/')) continue;
      const key = s.url.split('?')[0]!;
      bodies.set(key, (bodies.get(key) ?? new Set()).add(s.bodySha256));
    }
    const twice = [...bodies].filter(([, b]) => b.size > 1).map(([k]) => k);
    expect(twice).toEqual([]);
  }, 300_000);

  it('enqueueing the same photos again: every published one skips without rendering', async () => {
    const run = await runCliAsync(['ingest', ...good, '--config', configFile, '--queue', '--json', '--no-progress'], { env });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { status: string; result: { rendered: number } });
    expect(lines).toHaveLength(25);
    for (const l of lines) expect(l).toMatchObject({ status: 'skipped', result: { rendered: 0 } });
  }, 180_000);

  it('SIGTERM: a worker finishes what it holds and exits 0', async () => {
    const w = workers[1]!;
    const exit = await stopWorker(w);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(w.stderr()).toMatch(/SIGTERM: finishing the jobs in flight/);
  }, 60_000);
});
