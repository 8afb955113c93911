import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalStorage, createS3Storage, readManifest, readPointer, type Storage } from '../../src/index.js';
import { runCli, runCliAsync } from '../helpers/cli.js';
import { writeTags } from '../helpers/exiftool.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { makeJpeg } from '../helpers/fixtures.js';
import { outputDir, ROOT } from '../helpers/paths.js';
import { clientConfig, freshBucket, s3Target } from '../helpers/s3.js';

const dir = outputDir('ingest-cli');
const EDITION = /\/edition-[0-9a-f]{16}\.json$/;
const POINTER = /\/current\.json$/;
/** Each run's private store: originals and records, never beside the public output. */
const priv = (name: string) => ['--private', path.join(dir, `private-${name}`)];
const config = path.join(ROOT, 'photodesk.config.json');

async function photoFolder(name: string, count: number, size: [number, number] = [1400, 900]): Promise<string> {
  const folder = path.join(dir, name);
  rmSync(folder, { recursive: true, force: true });
  for (let i = 0; i < count; i++) {
    const f = await makeJpeg(path.join(folder, `photo-${String(i).padStart(2, '0')}.jpg`), size[0] + i * 8, size[1]);
    writeTags(f, { 'IPTC:Credit': i % 2 ? 'Russian Defense Ministry' : 'Reuters', 'IPTC:Caption-Abstract': `Photo number ${i}: Russian Defense Minister S. Shoigu during his visit to Belarus`, 'IPTC:DateCreated': '2024:05:01' });
  }
  return folder;
}

/** Every manifest under the storage, and a check that each object it names exists and decodes. */
async function checkManifests(storage: Storage): Promise<number> {
  let n = 0;
  for await (const o of storage.list()) {
    if (!EDITION.test(o.key)) continue;
    const m = (await readManifest(storage, o.key))!;
    expect(m.renditions).toHaveLength(15);
    for (const obj of m.renditions) {
      const body = await storage.get(obj.key);
      expect(body.length).toBe(obj.size);
      const meta = await sharp(body).metadata();
      expect(meta.width).toBe(obj.width);
    }
    n++;
  }
  return n;
}

describe('photodesk ingest, end to end', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await photoFolder('photos', 4);
    await makeJpeg(path.join(folder, 'too-small.jpg'), 300, 200);
    writeTags(path.join(folder, 'too-small.jpg'), { 'IPTC:Credit': 'Reuters', 'IPTC:Caption-Abstract': 'A photo far too small to publish on the site' });
  });

  it('publishes a folder to the local storage: manifests name objects that exist and decode; counts and exit codes', async () => {
    const out = path.join(dir, 'out-local');
    rmSync(out, { recursive: true, force: true });
    const journal = path.join(dir, 'journal-local.jsonl');
    rmSync(journal, { force: true });
    rmSync(path.join(dir, 'private-local'), { recursive: true, force: true });
    const r = runCli(['ingest', folder, '--to', out, ...priv('local'), '--config', config, '--journal', journal]);
    expect(r.code).toBe(1); // one photo fails the policy
    expect(r.stdout).toMatch(/^published: 4, skipped: 0, rejected: 1, failed: 0\n {2}POLICY_FAILED .*too-small\.jpg: Too small to publish/);
    expect(await checkManifests(createLocalStorage({ dir: out }))).toBe(4);
    const again = runCli(['ingest', folder, '--to', out, ...priv('local'), '--config', config, '--journal', journal, '--json']);
    const lines = again.stdout.trim().split('\n').map((l) => JSON.parse(l) as { status: string; reason?: string });
    expect(lines.filter((l) => l.status === 'skipped' && l.reason === 'journal')).toHaveLength(4);
    expect(lines.filter((l) => l.status === 'rejected')).toHaveLength(1);
    const good = runCli(['ingest', path.join(folder, 'photo-00.jpg'), '--to', out, ...priv('local'), '--config', config, '--journal', path.join(dir, 'journal-other.jsonl')]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^published: 0, skipped: 1,/); // already published (its pointer names this edition)
  });

  it('plans without writing with --dry-run, and exits 2 on a usage error', () => {
    const out = path.join(dir, 'out-dry');
    rmSync(out, { recursive: true, force: true });
    const r = runCli(['ingest', path.join(folder, 'photo-01.jpg'), '--to', out, ...priv('dry'), '--config', config, '--dry-run', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim()).result.renditions).toHaveLength(15);
    expect(() => readdirSync(out)).toThrow();
    expect(() => readdirSync(path.join(dir, 'private-dry'))).toThrow();
    expect(runCli(['ingest', '--to', out]).code).toBe(2);
    expect(runCli(['ingest', folder, '--concurrency', '0']).code).toBe(2);
  });

  it('publishes to the S3 test server', async () => {
    const target = s3Target();
    const bucket = await freshBucket(target);
    const env = { AWS_ACCESS_KEY_ID: target.accessKeyId, AWS_SECRET_ACCESS_KEY: target.secretAccessKey, AWS_REGION: target.region };
    const r = runCli(['ingest', folder, '--to', `s3://${bucket}/site`, '--private', `s3://${bucket}/desk-private`, '--endpoint', target.endpoint, '--config', config, '--journal', path.join(dir, 'journal-s3.jsonl'), '--json'], { env });
    expect(r.code).toBe(1);
    const published = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { status: string; result?: { markup: string } }).filter((l) => l.status === 'published');
    expect(published, r.stdout + r.stderr).toHaveLength(4);
    expect(published[0]!.result!.markup).toContain(`${target.endpoint}/${bucket}/site/2024/05/`);
    expect(await checkManifests(createS3Storage({ bucket, prefix: 'site', clientConfig: clientConfig(target) }))).toBe(4);
  });

  it('survives kill -9 in the middle of a bulk run: the re-run completes, each photo once, nothing written twice', async () => {
    const target = s3Target();
    const bucket = await freshBucket(target);
    const photos = await photoFolder('crash', 10);
    const proxy = await startFaultProxy(target.endpoint);
    const journal = path.join(dir, 'journal-crash.jsonl');
    rmSync(journal, { force: true });
    const env = { ...process.env, AWS_ACCESS_KEY_ID: target.accessKeyId, AWS_SECRET_ACCESS_KEY: target.secretAccessKey, AWS_REGION: target.region };
    rmSync(path.join(dir, 'private-crash'), { recursive: true, force: true });
    const args = [path.join(ROOT, 'bin', 'photodesk.js'), 'ingest', photos, '--to', `s3://${bucket}/bulk`, ...priv('crash'), '--endpoint', proxy.endpoint, '--config', config, '--journal', journal, '--concurrency', '2', '--no-progress'];
    try {
      const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
      const manifestsPut = () => proxy.seen.filter((s) => s.method === 'PUT' && /\/edition-[0-9a-f]{16}\.json/.test(s.url) && s.status === 200).length;
      const deadline = Date.now() + 120_000;
      while (manifestsPut() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Mid-run: some photos done, others half-uploaded.
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const firstRunManifests = manifestsPut();
      expect(firstRunManifests).toBeGreaterThanOrEqual(3);
      expect(firstRunManifests).toBeLessThan(10);

      const rerun = await runCliAsync(args.slice(1), { env });
      expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);

      const direct = createS3Storage({ bucket, prefix: 'bulk', clientConfig: clientConfig(target) });
      expect(await checkManifests(direct)).toBe(10);
      let objects = 0;
      let pointers = 0;
      for await (const o of direct.list()) {
        if (POINTER.test(o.key)) pointers++;
        else if (!EDITION.test(o.key)) objects++;
      }
      expect(objects).toBe(10 * 15); // each photo exactly once
      expect(pointers).toBe(10);
      // (Each run's write probe, a unique key deleted at once, is not the photos' business.)
      const puts = proxy.seen.filter((s) => s.method === 'PUT' && s.status === 200 && !s.url.includes('.photodesk-probe')).map((s) => s.url);
      expect(puts.length).toBe(new Set(puts).size); // nothing written twice
      expect(puts.length).toBe(10 * 17); // 15 renditions, the edition's manifest, the pointer
      const lines = readFileSync(journal, 'utf8').split('\n').filter(Boolean);
      const parsed = lines.flatMap((l) => {
        try {
          return [JSON.parse(l) as { source: string; status: string }];
        } catch {
          return [];
        }
      });
      expect(lines.length - parsed.length).toBeLessThanOrEqual(1); // at most the line cut by the kill
      // A photo killed after its pointer moved is found current by the re-run: already published.
      expect(new Set(parsed.filter((e) => e.status === 'published' || e.status === 'already-published').map((e) => e.source)).size).toBe(10);
    } finally {
      await proxy.close();
    }
  }, 300_000);

  it('survives kill -9 during a correction: the pointer always names a complete edition, old or new', async () => {
    const target = s3Target();
    const bucket = await freshBucket(target);
    const photos = await photoFolder('correct-crash', 1, [2400, 1600]);
    const proxy = await startFaultProxy(target.endpoint);
    rmSync(path.join(dir, 'private-correct-crash'), { recursive: true, force: true });
    const env = { ...process.env, AWS_ACCESS_KEY_ID: target.accessKeyId, AWS_SECRET_ACCESS_KEY: target.secretAccessKey, AWS_REGION: target.region };
    const common = ['--to', `s3://${bucket}/site`, ...priv('correct-crash'), '--endpoint', proxy.endpoint, '--config', config];
    const direct = createS3Storage({ bucket, prefix: 'site', clientConfig: clientConfig(target) });
    try {
      const first = await runCliAsync(['ingest', photos, ...common, '--journal', path.join(dir, 'journal-correct-crash.jsonl'), '--json', '--no-progress'], { env });
      expect(first.code).toBe(0);
      const published = JSON.parse(first.stdout.trim()) as { result: { photoId: string; editionId: string; pointerKey: string } };
      const { photoId, pointerKey } = published.result;
      /** The pointer, and a check that every object of the edition it names is stored with its size. */
      const checkPointer = async () => {
        const p = (await readPointer(direct, pointerKey))!.pointer;
        expect(p.status).toBe('published');
        if (p.status !== 'published') throw new Error('withdrawn');
        const m = (await readManifest(direct, p.manifest))!;
        expect(m.renditions).toHaveLength(15);
        for (const o of m.renditions) expect((await direct.head(o.key))?.size, o.key).toBe(o.size);
        return { editionId: p.editionId, creditLine: m.creditLine };
      };
      // Killed at three points: while renditions go up, right after the manifest, and (unkilled) to the end.
      const points: [string, (s: { method: string; url: string; status: unknown }) => boolean][] = [
        ['renditions', (s) => s.method === 'PUT' && /\.(avif|webp|jpg)/.test(s.url) && s.status === 200],
        ['manifest', (s) => s.method === 'PUT' && /\/edition-[0-9a-f]{16}\.json/.test(s.url) && s.status === 200],
      ];
      const seenEditions = new Set([published.result.editionId]);
      for (const [i, [, trigger]] of points.entries()) {
        const before = proxy.seen.length;
        const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'photodesk.js'), 'correct', photoId, ...common, '--credit', i === 0 ? 'Russian Defense Ministry' : 'Sputnik'], { env, stdio: 'ignore' });
        const deadline = Date.now() + 60_000;
        while (!proxy.seen.slice(before).some(trigger) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        child.kill('SIGKILL');
        expect(proxy.seen.slice(before).some(trigger)).toBe(true); // the kill came mid-correction
        await new Promise((r) => child.once('exit', r));
        seenEditions.add((await checkPointer()).editionId);
      }
      const done = await runCliAsync(['correct', photoId, ...common, '--credit', 'Sputnik', '--json'], { env });
      expect(done.code).toBe(0);
      const after = await checkPointer();
      expect(after.creditLine).toBe('© Photo Sputnik');
      expect(seenEditions.size).toBeLessThanOrEqual(3);
      const puts = proxy.seen.filter((s) => s.method === 'PUT' && s.status === 200 && !s.url.includes('current.json')).map((s) => s.url);
      expect(puts.length).toBe(new Set(puts).size); // an interrupted correction's objects are reused, never written twice
    } finally {
      await proxy.close();
    }
  }, 300_000);
});
