#!/usr/bin/env node
// `npm run fuzz -- [count] [seed]`: thousands of mutants of the shared corpus (and of photos made here) through
// readMetadata, validate and (every 50th) desk.ingest, on the build in dist/. Crashers (untyped errors, or
// over 2 s) are saved in fuzz-crashers/ with what was done to which seed; exit 1 when there is any.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fuzz } from './fuzz-lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { createDesk, createLocalStorage, isPhotodeskError, readMetadata, resolvePolicy, validate } = await import(path.join(root, 'dist/index.js'));
const count = Number(process.argv[2] ?? 5000);
const seed = Number(process.argv[3] ?? Date.now() % 1e9);
if (!Number.isInteger(count) || count <= 0 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- [count] [seed]   (count and seed are whole numbers)');
  process.exit(2);
}
const corpus = process.env.PHOTODESK_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus');
const seeds = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.(jpe?g|png|webp|gif|tiff?|heic|heif|avif)$/i.test(e.name) && statSync(p).size < 2_000_000) seeds.push({ name: path.relative(corpus, p), bytes: readFileSync(p) });
  }
};
try {
  walk(corpus);
} catch {
  console.error(`The corpus is not at ${corpus} (set PHOTODESK_CORPUS): nothing to mutate.`);
  process.exit(2);
}
const work = path.join(os.tmpdir(), `photodesk-fuzz-${process.pid}`);
const policy = resolvePolicy({});
const desk = createDesk({ policy, storage: createLocalStorage({ dir: path.join(work, 'public') }), privateStorage: createLocalStorage({ dir: path.join(work, 'private') }), renditions: { widths: [64], formats: ['jpeg'] } });
const saveDir = path.join(root, 'fuzz-crashers');
const started = performance.now();
const result = await fuzz({
  seeds,
  count,
  seed,
  ingestEvery: 50,
  saveDir,
  api: { readMetadata, validate, isPhotodeskError, policy, ingest: (bytes, name) => desk.ingest(bytes, { name, override: true }) },
  onProgress: (n) => n % 500 === 0 && process.stderr.write(`${n}/${count}\n`),
});
rmSync(work, { recursive: true, force: true });
console.log(`fuzz: ${result.mutants} mutants of ${seeds.length} corpus files, seed ${seed}, ${Math.round((performance.now() - started) / 1000)} s`);
console.table({ records: result.records, typedErrors: result.typedErrors, ingested: result.ingested, slowestReadMs: result.slowest.ms, slowestIngestMs: result.slowestIngest.ms, ...result.codes });
if (result.crashers.length > 0) {
  console.log(`${result.crashers.length} crasher(s), saved in ${saveDir}:`);
  for (const c of result.crashers) console.log(`${c.sha}  ${c.what}\n    ${c.why.split('\n')[0]}`);
  process.exit(1);
}
