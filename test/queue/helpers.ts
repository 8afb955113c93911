import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { inject } from 'vitest';
import { app13, iimBlock, insertSegments, makeJpeg } from '../helpers/fixtures.js';
import { ROOT } from '../helpers/paths.js';

/** The suite's Redis (test/setup/redis-server.ts), or a failure that says how to get one. */
export function redisUrl(): string {
  const r = inject('redis');
  if (r.error) throw new Error(r.error);
  return r.url;
}

/**
 * A photo a desk can publish: a unique picture (the index shifts its size and pattern) with a credit and caption
 * in IPTC IIM (UTF-8). `caption: 'CAPTION TK'` makes one the policy rejects.
 */
export async function deskPhoto(dir: string, i: number, meta: { credit?: string; caption?: string } = {}): Promise<string> {
  const file = path.join(dir, `photo-${String(i).padStart(2, '0')}.jpg`);
  await makeJpeg(file, 900 + i * 3, 620 + i);
  const iim = iimBlock([
    [1, 90, Buffer.from([0x1b, 0x25, 0x47])],
    [2, 110, meta.credit ?? 'Reuters'],
    [2, 120, meta.caption ?? `Container ships wait outside the harbour of Durban, frame ${i} of the series.`],
  ]);
  writeFileSync(file, insertSegments(readFileSync(file), [app13(iim)]));
  return file;
}

/**
 * A JPEG whose size and metadata read but whose Huffman table is damaged (more codes than a table can hold):
 * it is queued, then fails at decoding (CORRUPT_IMAGE).
 */
export async function corruptPhoto(dir: string, i: number): Promise<string> {
  const file = await deskPhoto(dir, i);
  const b = readFileSync(file);
  const dht = b.indexOf(Buffer.from([0xff, 0xc4]));
  for (let k = dht + 5; k < dht + 21; k++) b[k] = 0xff;
  const out = path.join(dir, `corrupt-${i}.jpg`);
  writeFileSync(out, b);
  unlinkSync(file);
  return out;
}

/** Writes a JSON config file and returns its path. */
export function writeConfig(dir: string, config: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'photodesk.config.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** A `photodesk worker` process with its JSON event lines. */
export interface WorkerProcess {
  child: ChildProcess;
  events: Record<string, unknown>[];
  /** Resolves at the first event the predicate picks. */
  waitFor(pick: (e: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** Starts `photodesk worker --config <file> --json` (the real binary, over dist/). */
export function startWorker(configFile: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): WorkerProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'photodesk.js'), 'worker', '--config', configFile, '--json', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: Record<string, unknown>[] = [];
  const waiters: { pick: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }[] = [];
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    events.push(e);
    for (const w of [...waiters]) if (w.pick(e)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(e);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return {
    child,
    events,
    exited,
    stderr: () => err,
    waitFor(pick, timeoutMs = 60_000) {
      const found = events.find(pick);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no such worker event within ${timeoutMs} ms; stderr: ${err.slice(-500)}`)), timeoutMs);
        waiters.push({ pick, resolve: (e) => (clearTimeout(t), resolve(e)) });
      });
    },
  };
}

/** Stops a worker with SIGTERM and returns its exit. */
export async function stopWorker(w: WorkerProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  return w.exited;
}
