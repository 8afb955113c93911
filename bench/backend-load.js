// The example publishing backend (examples/publishing-backend.ts, run as a user runs it: `npx jiti …`, its
// config in a temp folder, local storage) under 400 uploads, 16 at once: good photos, PDFs, truncated JPEGs,
// bombs (a pixel bomb, a PNG whose XMP inflates to 1 GB, XMP nested 10,000 deep, a 2,000-scan JPEG, an
// animated 16383² canvas, one-frame 12000² canvases) and slow bodies (a good photo sent over 3 s). Meanwhile a
// trivial request (GET of an unknown photo, a 404) every 50 ms. Prints 5xx count, statuses, p50/p95 of good
// uploads and of the trivial request, the server's peak RSS. Goals (issue 13): no 5xx, trivial p95 < 200 ms,
// RSS < 1 GB. `npm run bench -- backend-load [requests] [budget] [arenas]`: the server runs as its header advises,
// memoryBudget "512 MB" in its config and MALLOC_ARENA_MAX=2; "default" for either leaves it out.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createJiti } from 'jiti';
import pLimit from 'p-limit';
import { median, ROOT, withIptc, writeResult } from './lib.js';

const IN_FLIGHT = 16;

export async function run(args) {
  const requests = Number(args[0] ?? 400);
  const budget = (args[1] ?? '512 MB') === 'default' ? null : (args[1] ?? '512 MB');
  const arenas = (args[2] ?? '2') === 'default' ? null : (args[2] ?? '2');
  const dir = path.join(os.tmpdir(), `photodesk-backend-load-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const config = JSON.parse(readFileSync(path.join(ROOT, 'photodesk.config.json'), 'utf8'));
  writeFileSync(path.join(dir, 'photodesk.config.json'), JSON.stringify({ ...config, storage: { public: './out', private: './private' }, ...(budget ? { memoryBudget: budget } : {}) }));
  const inputs = await makeInputs();
  const server = await startServer(dir, arenas);
  const results = [];
  const trivial = [];
  let done = false;
  const prober = (async () => {
    while (!done) {
      const t = performance.now();
      const status = await get(`${server.url}/${'f'.repeat(64)}`).catch(() => 0);
      trivial.push({ ms: performance.now() - t, status });
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const started = performance.now();
  const limit = pLimit(IN_FLIGHT);
  await Promise.all(
    Array.from({ length: requests }, (_, i) =>
      limit(async () => {
        const kind = KINDS[i % KINDS.length];
        const { body, type } = inputs[kind](i);
        const t = performance.now();
        const status = await post(server.url, body, `${kind}-${i}.jpg`, type, kind === 'slow' ? 3000 : 0).catch(() => 0);
        results.push({ kind, status, ms: performance.now() - t });
      }),
    ),
  );
  const wall = (performance.now() - started) / 1000;
  done = true;
  await prober;
  const peakRssMB = server.peakRssMB();
  server.stop();
  rmSync(dir, { recursive: true, force: true });

  const statuses = {};
  for (const r of results) statuses[`${r.kind} ${r.status}`] = (statuses[`${r.kind} ${r.status}`] ?? 0) + 1;
  const good = results.filter((r) => r.kind === 'good').map((r) => r.ms);
  const result = {
    requests,
    inFlight: IN_FLIGHT,
    memoryBudget: budget ?? 'default',
    mallocArenaMax: arenas ?? 'default',
    wallSeconds: +wall.toFixed(1),
    server5xx: results.filter((r) => r.status >= 500 || r.status === 0).length,
    statuses,
    goodP50ms: Math.round(median(good)),
    goodP95ms: Math.round(percentile(good, 95)),
    trivialCount: trivial.length,
    trivialP50ms: +median(trivial.map((t) => t.ms)).toFixed(1),
    trivialP95ms: +percentile(trivial.map((t) => t.ms), 95).toFixed(1),
    trivialMaxMs: Math.round(Math.max(...trivial.map((t) => t.ms))),
    peakRssMB,
  };
  console.log(`\nbackend-load: ${requests} requests, ${IN_FLIGHT} at once, memoryBudget ${result.memoryBudget}, MALLOC_ARENA_MAX ${result.mallocArenaMax}, ${process.version}, ${result.wallSeconds} s\n`);
  console.log('| measure | value | goal |\n|---|---|---|');
  console.log(`| 5xx or dropped | ${result.server5xx} | 0 |`);
  console.log(`| good uploads p50 / p95 | ${result.goodP50ms} / ${result.goodP95ms} ms | - |`);
  console.log(`| trivial request p50 / p95 / max (${trivial.length}) | ${result.trivialP50ms} / ${result.trivialP95ms} / ${result.trivialMaxMs} ms | p95 < 200 ms |`);
  console.log(`| server peak RSS | ${peakRssMB} MB | < 1,024 MB |`);
  console.log('\n| kind and status | count |\n|---|---|');
  for (const [k, n] of Object.entries(statuses).sort()) console.log(`| ${k} | ${n} |`);
  console.log(`\nwrote ${writeResult('backend-load', result)}`);
}

const KINDS = ['good', 'pdf', 'good', 'truncated', 'bomb', 'good', 'slow', 'bomb', 'good', 'pdf'];

async function makeInputs() {
  const { default: sharp } = await import('sharp');
  const jiti = createJiti(import.meta.url);
  const gen = await jiti.import(path.join(ROOT, 'test', 'hostile', 'generators.ts'));
  const { pngBomb } = await jiti.import(path.join(ROOT, 'test', 'helpers', 'fixtures.ts'));
  const base = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 90, g: 110, b: 150 }, noise: { type: 'gaussian', mean: 120, sigma: 30 } } }).blur(1.2).jpeg({ quality: 85 }).toBuffer();
  // Each good upload is a new photo (its own caption), so every one is rendered.
  const good = (i) => withIptc(base, [[1, 90, Buffer.from('\x1b%G', 'latin1')], [2, 110, 'Минобороны России'], [2, 120, `Russian Defense Minister S. Shoigu's visit to Belarus, upload ${i}`], [2, 55, '20240501']]);
  const bombs = [pngBomb(65536, 65536), await gen.pngXmpBomb(1024 ** 3), await gen.pngDeepXmp(10_000), await gen.jpegScanBomb(2000), await gen.webpCanvasBomb(3), await gen.webpCanvasBomb(1, 12000, 12000)];
  const bombIndex = new Map();
  return {
    good: (i) => ({ body: good(i), type: 'image/jpeg' }),
    slow: (i) => ({ body: good(i), type: 'image/jpeg' }),
    pdf: () => ({ body: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'), type: 'application/pdf' }),
    truncated: (i) => ({ body: good(i).subarray(0, Math.floor(base.length * 0.6)), type: 'image/jpeg' }),
    bomb: (i) => {
      const n = bombIndex.get(i) ?? bombIndex.size;
      bombIndex.set(i, n);
      const b = bombs[n % bombs.length];
      // A different trailing byte each time, so no two one-frame canvases are the same photo.
      return { body: Buffer.concat([b, Buffer.from([n & 0xff])]), type: 'image/png' };
    },
  };
}

/** Starts the example as its README says (npx jiti), in `cwd`; resolves once it prints its URL. */
function startServer(cwd, arenas) {
  const { MALLOC_ARENA_MAX: _, ...env } = process.env;
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs'), path.join(ROOT, 'examples', 'publishing-backend.ts')], {
    cwd,
    env: { ...env, PORT: '0', ...(arenas ? { MALLOC_ARENA_MAX: arenas } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peak = 0;
  const sample = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // not on Linux, or gone
    }
  }, 100);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/photos/.exec(out);
      if (m) resolve({ url: m[0], peakRssMB: () => Math.round(peak / 1024), stop: () => (clearInterval(sample), child.kill('SIGKILL')) });
    });
    child.on('exit', (code) => reject(new Error(`the backend exited (${code}): ${out}`)));
  });
}

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => (res.resume(), res.on('end', () => resolve(res.statusCode)))).on('error', reject);
  });
}

/** A multipart upload; with `overMs`, the body is sent in 10 slices spread over that time. */
function post(url, body, filename, type, overMs) {
  const boundary = `----photodesk${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const payload = Buffer.concat([head, body, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': payload.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    if (!overMs) return req.end(payload);
    const slice = Math.ceil(payload.length / 10);
    let at = 0;
    const next = () => {
      req.write(payload.subarray(at, at + slice));
      at += slice;
      if (at < payload.length) setTimeout(next, overMs / 10);
      else req.end();
    };
    next();
  });
}

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}
