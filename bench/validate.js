// `photodesk validate` over the shared corpus and over 1,000 generated 3000x2000 JPEGs: photos per second
// of the real CLI, and peak memory of the same work in-process at 250 vs 1,000 photos (flat is the goal).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { readMetadata, resolvePolicy, validate, walkFiles } from '../dist/index.js';
import { CORPUS, ROOT, pool, withIptc, writeResult } from './lib.js';

const COUNT = 1000;
const CACHE = path.join(ROOT, 'bench', '.cache', 'validate-3000x2000');
const POLICY = {
  site: 'Sputnik Africa',
  rules: { credit: { agencies: [{ name: 'Russian Defence Ministry', aliases: ['Russian Defense Ministry', 'Минобороны России'], suffix: ' / Go to the mediabank' }, { name: 'Reuters' }] } },
};

export async function run() {
  await generate();
  const config = path.join(ROOT, 'bench', '.cache', 'validate-policy.json');
  writeFileSync(config, JSON.stringify(POLICY));
  const rows = [];
  const targets = [['1,000 generated 3000x2000 JPEGs', CACHE, COUNT]];
  if (existsSync(CORPUS)) targets.push(['shared corpus', CORPUS, null]);
  for (const [label, dir, n] of targets) {
    const times = [];
    for (let i = 0; i < 3; i++) times.push(cli(dir, config));
    const files = n ?? countFiles(dir);
    const best = Math.min(...times);
    rows.push({ folder: label, photos: files, 'best of 3 (ms)': Math.round(best), 'photos/s': Math.round(files / (best / 1000)) });
  }
  const empty = path.join(ROOT, 'bench', '.cache', 'empty');
  mkdirSync(empty, { recursive: true });
  const startup = Math.min(cli(empty, config, ['--allow-empty']), cli(empty, config, ['--allow-empty']), cli(empty, config, ['--allow-empty']));
  rows.push({ folder: 'no photos (CLI start-up alone)', photos: 0, 'best of 3 (ms)': Math.round(startup), 'photos/s': null });
  for (const r of rows) if (r.photos) r['photos/s without start-up'] = Math.round(r.photos / ((r['best of 3 (ms)'] - startup) / 1000));
  const mem = await memoryProfile();
  console.log('\nphotodesk validate (the CLI, --json, output discarded)');
  console.table(rows);
  console.log('Peak RSS of validating in-process (concurrency 4):');
  console.table(mem);
  console.log('result:', writeResult('validate', { rows, memory: mem }));
}

function cli(dir, config, extra = []) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'photodesk.js'), 'validate', dir, '--config', config, '--json', '--no-progress', ...extra], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status === 2) throw new Error(`validate failed: ${r.stderr}`);
  return performance.now() - t;
}

function countFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !/\.(json|tsv|md)$/.test(e.name)).length;
}

async function memoryProfile() {
  const policy = resolvePolicy(POLICY);
  const files = [];
  for await (const f of walkFiles([CACHE])) files.push(f);
  const out = [];
  for (const n of [250, COUNT]) {
    global.gc?.();
    let peak = 0;
    const start = process.memoryUsage().rss;
    await pool(files.slice(0, n), 4, async (f) => {
      validate(await readMetadata(f, { hash: false }), policy);
      peak = Math.max(peak, process.memoryUsage().rss);
    });
    out.push({ photos: n, 'RSS at start (MB)': Math.round(start / 1048576), 'peak RSS (MB)': Math.round(peak / 1048576) });
  }
  return out;
}

/** 1,000 distinct JPEGs: one photo-like 3000x2000 picture, each copy with its own IPTC (credit, caption). */
async function generate() {
  if (existsSync(CACHE) && readdirSync(CACHE).length === COUNT) return;
  mkdirSync(CACHE, { recursive: true });
  const w = 3000;
  const h = 2000;
  const raw = Buffer.alloc(w * h * 3);
  let seed = 1;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const tex = Math.sin(x / 7) * Math.cos(y / 11) * 30;
      raw[i] = Math.max(0, Math.min(255, (x / w) * 200 + tex + rnd() * 40));
      raw[i + 1] = Math.max(0, Math.min(255, (y / h) * 200 - tex + rnd() * 40));
      raw[i + 2] = Math.max(0, Math.min(255, 128 + tex + rnd() * 40));
    }
  }
  const jpeg = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
  const credits = ['Russian Defense Ministry', 'Минобороны России', 'Reuters', 'Copyright (c) Reuters', 'Unknown Agency'];
  for (let i = 0; i < COUNT; i++) {
    const datasets = [
      [1, 90, Buffer.from('\x1b%G', 'latin1')],
      [2, 110, credits[i % credits.length]],
      [2, 80, `Photographer ${i}`],
      [2, 120, `Photo ${i}: Russian Defense Minister S. Shoigu during his visit to Belarus, caption number ${i}`],
    ];
    writeFileSync(path.join(CACHE, `photo-${String(i).padStart(4, '0')}.jpg`), withIptc(jpeg, datasets));
  }
}
