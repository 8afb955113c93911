/** The queue's CLI: usage errors for bad queue URLs, `queue status` with failed jobs and their codes, `retry-failed`. */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../src/config/index.js';
import { createDesk, createLocalStorage } from '../../src/index.js';
import { createWorker } from '../../src/pipeline/queue/index.js';
import { runCli, runCliAsync } from '../helpers/cli.js';
import { outputDir } from '../helpers/paths.js';
import { corruptPhoto, deskPhoto, redisUrl, writeConfig } from './helpers.js';

const dir = outputDir('queue-cli');

describe('photodesk queue / ingest --queue (CLI)', () => {
  it('refuses a malformed queue URL or a missing queue as a usage error (exit 2), never echoing a password', () => {
    rmSync(dir, { recursive: true, force: true });
    for (const url of ['http://127.0.0.1:6379', 'redis:/127.0.0.1', 'redis://user:s3cretpw@host:6379/db/extra', 'redis//127.0.0.1:6379']) {
      const r = runCli(['ingest', 'examples/photos', '--queue', url, '--to', path.join(dir, 'o'), '--private', path.join(dir, 'p')]);
      expect(r.code, url).toBe(2);
      expect(r.stderr).toMatch(/INVALID_QUEUE/);
      expect(r.stderr).not.toContain('s3cretpw');
    }
    const none = runCli(['queue', 'status', '--to', path.join(dir, 'o'), '--private', path.join(dir, 'p')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No queue: give --queue/);
    const typo = runCli(['worker', '--config', writeConfig(path.join(dir, 'typo'), { queue: { url: 'redis://127.0.0.1:6379/0', atempts: 3 } })]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/queue: unknown key "atempts" \(did you mean "attempts"\?\)/);
  });

  it('status lists failed jobs with their codes; retry-failed puts them back; --no-wait returns once queued', async () => {
    const name = `cli-${process.pid}`;
    const config = { rules: { credit: { agencies: [{ name: 'Reuters' }] } }, storage: { public: './out', private: './private' }, renditions: { widths: [320], formats: ['webp'] }, queue: { url: redisUrl(), name, prefix: 'pdtest', backoffMs: 100 } };
    const cfg = writeConfig(dir, config);
    const photos = [await deskPhoto(path.join(dir, 'in'), 70), await corruptPhoto(path.join(dir, 'in'), 71)];
    const queued = await runCliAsync(['ingest', ...photos, '--config', cfg, '--queue', '--no-wait', '--json']);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout.trim().split('\n').map((l) => JSON.parse(l).status)).toEqual(['queued', 'queued']);
    expect(queued.stderr).toMatch(/queued: 2/);

    const waiting = JSON.parse((await runCliAsync(['queue', 'status', '--config', cfg, '--json'])).stdout) as { counts: Record<string, number>; oldestWaiting: { name: string } | null };
    expect(waiting.counts.waiting).toBe(2);
    expect(waiting.oldestWaiting?.name).toMatch(/^(photo-70|corrupt-71)\.jpg$/);

    const policy = resolvePolicy(config);
    const desk = createDesk({ policy, storage: createLocalStorage({ dir: path.join(dir, 'out') }), privateStorage: createLocalStorage({ dir: path.join(dir, 'private') }) });
    const worker = await createWorker({ config: policy, desk, concurrency: 2 });
    try {
      for (let i = 0; i < 100; i++) {
        const s = JSON.parse((await runCliAsync(['queue', 'status', '--config', cfg, '--json'])).stdout) as { counts: Record<string, number> };
        if (s.counts.completed === 1 && s.counts.failed === 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const human = await runCliAsync(['queue', 'status', '--config', cfg]);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/completed 1, failed 1/);
      expect(human.stdout).toMatch(/failed corrupt-71\.jpg: CORRUPT_IMAGE .* \(1 tries\)/);
      const retried = await runCliAsync(['queue', 'retry-failed', '--config', cfg, '--json']);
      expect(JSON.parse(retried.stdout)).toEqual({ retried: 1 });
    } finally {
      await worker.close();
    }
  }, 120_000);
});
