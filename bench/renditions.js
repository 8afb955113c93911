// Renditions of a photo-like 24 MP JPEG: widths 320-1920, AVIF/WebP/JPEG. photodesk vs the floor (decode
// once + each encode alone, divided over the cores), a naive pipeline on the same sharp, and @11ty/eleventy-img
// 6 as installed (its own sharp 0.33). Each run is its own child process, alternating, so timings share the
// machine's drift; quality is PSNR against a lossless downscale of the source.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { ROOT, median, writeResult } from './lib.js';

const CACHE = path.join(ROOT, 'bench', '.cache');
export const SRC = path.join(CACHE, 'photo-24mp.jpg');
const ROUNDS = Number(process.env.ROUNDS ?? 3);

const IDENTICAL = {
  // sharp's own defaults apart from quality and effort: what a user of sharp gets with these numbers.
  photodesk: { avif: { quality: 50, effort: 4, chromaSubsampling: '4:4:4', tune: 'auto' }, webp: { quality: 75, effort: 4 }, jpeg: { quality: 80, mozjpeg: false } },
  eleventy: { avif: { quality: 50, effort: 4 }, webp: { quality: 75, effort: 4 }, jpeg: { quality: 80 } },
};

export async function run() {
  await generate();
  const runs = [
    ['floor (identical settings)', 'floor', IDENTICAL],
    ['naive pipeline (identical settings)', 'naive', IDENTICAL],
    ['photodesk (identical settings)', 'photodesk', IDENTICAL],
    ["photodesk (identical settings, import 'photodesk')", 'photodesk-index', IDENTICAL],
    ['eleventy-img 6 (sharp 0.33)', 'eleventy', IDENTICAL],
    ['photodesk (defaults)', 'photodesk', { photodesk: undefined }],
  ];
  const results = Object.fromEntries(runs.map(([label]) => [label, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, mode, settings] of runs) {
      const out = path.join(CACHE, 'renditions-out', label.replace(/\W+/g, '-'));
      rmSync(out, { recursive: true, force: true });
      const line = execFileSync(process.execPath, [path.join(ROOT, 'bench', 'renditions-worker.js'), mode, SRC, out, JSON.stringify(settings)], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const r = JSON.parse(line.trim().split('\n').pop());
      if (round === ROUNDS - 1) r.psnr = await quality(out, r.outputs);
      results[label].push(r);
    }
  }
  const rows = Object.entries(results).map(([label, rs]) => {
    const last = rs[rs.length - 1];
    const ms = label.startsWith('floor') ? median(rs.map((r) => r.floorMs)) : median(rs.map((r) => r.ms));
    return { run: label, 'time (ms)': Math.round(ms), 'peak RSS (MB)': Math.round(Math.max(...rs.map((r) => r.maxRssMB))), 'output (KB)': Math.round(last.outputs.reduce((n, o) => n + o.bytes, 0) / 1024), 'PSNR (dB)': +last.psnr.toFixed(2) };
  });
  const by = Object.fromEntries(rows.map((r) => [r.run, r]));
  const floor = by['floor (identical settings)']['time (ms)'];
  const eleventy = by['eleventy-img 6 (sharp 0.33)'];
  const defaults = by['photodesk (defaults)'];
  for (const r of rows) {
    r['vs floor'] = +(r['time (ms)'] / floor).toFixed(2);
    r['vs eleventy time'] = +(r['time (ms)'] / eleventy['time (ms)']).toFixed(2);
  }
  console.log(`\nRenditions of a 24 MP JPEG: 5 widths x AVIF/WebP/JPEG, median of ${ROUNDS} alternating rounds, one process per run`);
  console.table(rows);
  const goals = {
    'goal 1: photodesk at identical settings, whole process, <= 1.10x the floor': `${by['photodesk (identical settings)']['vs floor']}x (importing the whole package: ${by["photodesk (identical settings, import 'photodesk')"]['vs floor']}x)`,
    'goal 2: defaults bytes <= eleventy': `${defaults['output (KB)']} KB vs ${eleventy['output (KB)']} KB`,
    'goal 2: defaults PSNR >= eleventy': `${defaults['PSNR (dB)']} vs ${eleventy['PSNR (dB)']} dB`,
    'goal 2: defaults time <= 0.67x eleventy': `${defaults['vs eleventy time']}x`,
    'goal 2: defaults peak RSS <= eleventy': `${defaults['peak RSS (MB)']} vs ${eleventy['peak RSS (MB)']} MB`,
  };
  console.table(goals);
  // glibc's malloc keeps one arena per thread and hands little back: with libvips' threads RSS creeps up.
  // MALLOC_ARENA_MAX=2 (or jemalloc) is sharp's own advice; both are measured.
  const memory = {};
  for (const [label, env] of [['glibc defaults', {}], ['MALLOC_ARENA_MAX=2', { MALLOC_ARENA_MAX: '2' }]]) {
    const line = execFileSync(process.execPath, [path.join(ROOT, 'bench', 'renditions-memory.js'), CACHE], { encoding: 'utf8', env: { ...process.env, ...env } });
    const m = JSON.parse(line.trim().split('\n').pop());
    memory[label] = { 'peak RSS, 100 MP JPEG (MB)': m.peak100mpMB, 'RSS after 10 photos (MB)': m.rssAfter[10], 'after 25 (MB)': m.rssAfter[25], 'after 50 (MB)': m.rssAfter[50] };
  }
  console.log('Memory (own process): a 100 MP JPEG (goal: peak under 1 GB), then 50 photos of 12 MP in a row (goal: flat)');
  console.table(memory);
  console.log('result:', writeResult('renditions', { rounds: ROUNDS, rows, goals, memory }));
}

/** Mean PSNR over all outputs against a lossless (raw) downscale of the source to the same size. */
async function quality(dir, outputs) {
  const refs = new Map();
  let sum = 0;
  for (const o of outputs) {
    const body = readFileSync(path.join(dir, `${o.width}.${o.format}`));
    const { data, info } = await sharp(body).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const key = `${info.width}x${info.height}`;
    if (!refs.has(key)) refs.set(key, await sharp(SRC).rotate().resize(info.width, info.height, { fit: 'fill' }).removeAlpha().raw().toBuffer());
    const ref = refs.get(key);
    let se = 0;
    for (let i = 0; i < data.length; i++) se += (data[i] - ref[i]) ** 2;
    sum += 10 * Math.log10((255 * 255) / (se / data.length));
  }
  return sum / outputs.length;
}

/** A photo-like 6000 x 4000 JPEG: gradients, texture and noise, so encoders do real work. */
export async function generate() {
  if (existsSync(SRC)) return;
  mkdirSync(CACHE, { recursive: true });
  const w = 6000;
  const h = 4000;
  const raw = Buffer.alloc(w * h * 3);
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const tex = Math.sin(x / 13 + Math.sin(y / 29) * 3) * 40 + Math.cos((x + y) / 47) * 25;
      const n = (rnd() - 0.5) * 30;
      raw[i] = Math.max(0, Math.min(255, 60 + (x / w) * 150 + tex + n));
      raw[i + 1] = Math.max(0, Math.min(255, 50 + (y / h) * 140 - tex * 0.5 + n));
      raw[i + 2] = Math.max(0, Math.min(255, 90 + ((x + y) / (w + h)) * 100 + tex * 0.3 + n));
    }
  }
  await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 90 }).toFile(SRC);
}
