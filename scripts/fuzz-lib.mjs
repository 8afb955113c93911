// The fuzz harness: mutants of seed files through readMetadata, validate and desk.ingest. Every outcome must
// be a record or a typed PhotodeskError, within a time bound; anything else is a crasher, saved with its seed
// and mutation so it can be replayed. Used by test/hostile/fuzz.test.ts (a few hundred mutants on every run)
// and by `npm run fuzz` (thousands). Written by hand: the mutations a photo parser needs (truncation, length
// fields, marker bytes) are a few lines, and the JS fuzzers (jsfuzz, jazzer.js) need native coverage hooks.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Captures console output and stdout writes until `stop()`, which restores them and returns what was printed.
 * Only for the fuzz loop, where nothing else runs.
 */
export function captureConsole() {
  const lines = [];
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug, write: process.stdout.write };
  for (const k of ['log', 'info', 'warn', 'error', 'debug']) console[k] = (...a) => void lines.push(`console.${k}: ${a.map(String).join(' ')}`);
  process.stdout.write = (chunk, ...rest) => {
    lines.push(`stdout: ${String(chunk)}`);
    const cb = rest.find((r) => typeof r === 'function');
    if (cb) cb();
    return true;
  };
  return {
    stop() {
      Object.assign(console, { log: saved.log, info: saved.info, warn: saved.warn, error: saved.error, debug: saved.debug });
      process.stdout.write = saved.write;
      return lines;
    },
  };
}

/** A seeded PRNG (mulberry32): the same seed gives the same mutants. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe];
const INTERESTING_32 = [0, 1, 0x7fffffff, 0xffffffff, 0x10000, 0xffff];

/** One mutant of `seed`: a few of bit flips, interesting bytes and lengths, truncation, a duplicated slice. */
export function mutate(seed, random) {
  let b = Buffer.from(seed);
  const ops = 1 + Math.floor(random() * 4);
  const done = [];
  for (let i = 0; i < ops; i++) {
    const at = Math.floor(random() * b.length);
    const kind = Math.floor(random() * 6);
    if (kind === 0) {
      b[at] ^= 1 << Math.floor(random() * 8);
      done.push(`flip@${at}`);
    } else if (kind === 1) {
      b[at] = INTERESTING[Math.floor(random() * INTERESTING.length)];
      done.push(`byte@${at}`);
    } else if (kind === 2 && at + 4 <= b.length) {
      b.writeUInt32BE(INTERESTING_32[Math.floor(random() * INTERESTING_32.length)] >>> 0, at);
      done.push(`u32@${at}`);
    } else if (kind === 3) {
      b = b.subarray(0, Math.max(16, at));
      done.push(`cut@${at}`);
    } else if (kind === 4) {
      const len = Math.min(b.length - at, 1 + Math.floor(random() * 512));
      b = Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]);
      done.push(`dup@${at}+${len}`);
    } else {
      const len = Math.min(b.length - at, 1 + Math.floor(random() * 64));
      for (let j = 0; j < len; j++) b[at + j] = Math.floor(random() * 256);
      done.push(`noise@${at}+${len}`);
    }
  }
  return { bytes: b, ops: done.join(',') };
}

/**
 * Runs `count` mutants. `api` gives readMetadata, validate, isPhotodeskError, policy and optionally ingest
 * (called on every `ingestEvery`-th mutant that reads). Returns counts and crashers; crashers are saved under `saveDir`.
 */
export async function fuzz({ seeds, count, seed = 1, api, ingestEvery = 0, timeLimitMs = 2000, ingestLimitMs = 30000, saveDir = null, onProgress = null }) {
  const random = rng(seed);
  const out = { mutants: 0, records: 0, typedErrors: 0, ingested: 0, codes: {}, crashers: [], slowest: { ms: 0, what: '' }, slowestIngest: { ms: 0, what: '' } };
  for (let i = 0; i < count; i++) {
    const s = seeds[i % seeds.length];
    const { bytes, ops } = mutate(s.bytes, random);
    const what = `${s.name} [${ops}]`;
    const fail = (why) => {
      const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
      const crasher = { what, why, sha };
      if (saveDir) {
        mkdirSync(saveDir, { recursive: true });
        writeFileSync(path.join(saveDir, `${sha}.bin`), bytes);
        writeFileSync(path.join(saveDir, `${sha}.txt`), `${what}\n${why}\n`);
      }
      out.crashers.push(crasher);
    };
    // Nothing may print: a library's console.log lands in a CLI's --json output (libheif-js did).
    const printed = captureConsole();
    // Reading and checking are bounded by timeLimitMs; an ingest renders a real photo (seconds for 12 MP), so
    // it has its own, larger bound.
    const t = performance.now();
    let record = null;
    try {
      record = await api.readMetadata(bytes, { name: `mutant-${i}` });
      out.records++;
      api.validate(record, api.policy);
    } catch (e) {
      if (api.isPhotodeskError(e)) {
        out.typedErrors++;
        out.codes[e.code] = (out.codes[e.code] ?? 0) + 1;
      } else fail(`not a typed error: ${e?.stack ?? e}`);
    }
    const ms = performance.now() - t;
    if (ms > out.slowest.ms) out.slowest = { ms: Math.round(ms), what };
    if (ms > timeLimitMs) fail(`reading took ${Math.round(ms)} ms (limit ${timeLimitMs})`);
    if (record && api.ingest && ingestEvery > 0 && i % ingestEvery === 0) {
      const ti = performance.now();
      try {
        await api.ingest(bytes, `mutant-${i}.bin`);
        out.ingested++;
      } catch (e) {
        if (!api.isPhotodeskError(e)) fail(`ingest: not a typed error: ${e?.stack ?? e}`);
        else out.codes[e.code] = (out.codes[e.code] ?? 0) + 1;
      }
      const msi = performance.now() - ti;
      if (msi > out.slowestIngest.ms) out.slowestIngest = { ms: Math.round(msi), what };
      if (msi > ingestLimitMs) fail(`ingest took ${Math.round(msi)} ms (limit ${ingestLimitMs})`);
    }
    const lines = printed.stop();
    if (lines.length > 0) fail(`printed to the console: ${lines.join(' | ').slice(0, 300)}`);
    out.mutants++;
    onProgress?.(i + 1);
  }
  return out;
}
