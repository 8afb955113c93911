/**
 * Redis goes away in the middle of a run and comes back on the same port (a restart or a failover): workers and
 * the following CLI reconnect, and the run completes with every photo published once.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/cli.js';
import { outputDir } from '../helpers/paths.js';
import { startRedis } from '../helpers/redis-server.js';
import { deskPhoto, startWorker, writeConfig, type WorkerProcess } from './helpers.js';

const dir = outputDir('queue-redis-restart');

describe('queue: Redis restarted during a run', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it('workers reconnect, the run completes, each photo has one edition', async () => {
    rmSync(dir, { recursive: true, force: true });
    const inDir = path.join(dir, 'in');
    mkdirSync(inDir, { recursive: true });
    const photos: string[] = [];
    for (let i = 0; i < 12; i++) photos.push(await deskPhoto(inDir, 40 + i));
    // Its own Redis, with a snapshot folder, so that a restart keeps the queue (as a production Redis does).
    const data = mkdtempSync(path.join(os.tmpdir(), 'photodesk-redis-data-'));
    cleanup.push(async () => rmSync(data, { recursive: true, force: true }));
    let redis = await startRedis({ dir: data });
    cleanup.push(() => redis.stop());
    const configFile = writeConfig(dir, {
      rules: { credit: { agencies: [{ name: 'Reuters' }] } },
      storage: { public: './out', private: './private' },
      renditions: { widths: [320, 640, 960], formats: ['webp', 'jpeg'], placeholder: 'none' },
      concurrency: 1,
      queue: { url: redis.url, name: 'restart', backoffMs: 200, lockSeconds: 2 },
    });
    const workers: WorkerProcess[] = [startWorker(configFile, ['--encode-slots', '1']), startWorker(configFile, ['--encode-slots', '1'])];
    cleanup.push(async () => Promise.all(workers.map((w) => (w.child.kill('SIGKILL'), w.exited))));

    const run = runCliAsync(['ingest', inDir, '--config', configFile, '--queue', '--json', '--no-progress']);
    await Promise.race(workers.map((w) => w.waitFor((e) => e.type === 'completed')));
    const doneBefore = workers.reduce((n, w) => n + w.events.filter((e) => e.type === 'completed').length, 0);
    await redis.stop(true);
    await new Promise((r) => setTimeout(r, 1500));
    redis = await startRedis({ port: redis.port, dir: data });

    const done = await run;
    expect(done.code, done.stderr).toBe(0);
    const lines = done.stdout.trim().split('\n').map((l) => JSON.parse(l) as { status: string });
    expect(lines).toHaveLength(12);
    // A job whose end was lost with the restart runs again and finds its edition already published.
    for (const l of lines) expect(['published', 'skipped']).toContain(l.status);
    expect(doneBefore).toBeLessThan(12); // the restart came mid-run
    const finished = workers.flatMap((w) => w.events.filter((e) => e.type === 'completed'));
    expect(finished.length).toBeGreaterThanOrEqual(12);
    // One edition per photo: one pointer and one manifest in each photo's folder.
    const out = path.join(dir, 'out');
    const folders = readdirSync(out, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && d.name === 'current.json');
    expect(folders).toHaveLength(12);
    for (const f of folders) expect(readdirSync(f.parentPath).filter((n) => n.startsWith('edition-'))).toHaveLength(1);
  }, 180_000);
});
