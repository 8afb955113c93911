import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = process.env.PHOTODESK_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');

/** Median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Writes the result JSON under bench/results/ and returns its path. */
export function writeResult(name, result) {
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, date: new Date().toISOString(), node: process.version, ...result }, null, 2));
  return file;
}

/** Runs async `fn` over `items` with `concurrency` workers. */
export async function pool(items, concurrency, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** A JPEG with an APP13 IPTC-IIM block inserted after SOI, from [record, dataset, value] triples. */
export function withIptc(jpeg, datasets) {
  const iim = Buffer.concat(datasets.map(([r, d, v]) => {
    const value = Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8');
    const head = Buffer.from([0x1c, r, d, 0, 0]);
    head.writeUInt16BE(value.length, 3);
    return Buffer.concat([head, value]);
  }));
  const res = Buffer.alloc(12);
  res.write('8BIM', 0, 'latin1');
  res.writeUInt16BE(0x0404, 4);
  res.writeUInt32BE(iim.length, 8);
  const payload = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), res, iim, iim.length % 2 ? Buffer.from([0]) : Buffer.alloc(0)]);
  const head = Buffer.from([0xff, 0xed, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, payload, jpeg.subarray(2)]);
}

/**
 * `count` distinct JPEGs of `width` x `height` in `dir` (kept between runs): five photo-like pictures, each copy
 * with its own IPTC credit (Reuters, AFP) and caption.
 */
export async function generatePhotos(dir, count, width, height, captionPrefix) {
  if (existsSync(dir) && readdirSync(dir).length === count) return;
  const { default: sharp } = await import('sharp');
  mkdirSync(dir, { recursive: true });
  const bases = [];
  for (let b = 0; b < 5; b++) {
    bases.push(await sharp({ create: { width, height, channels: 3, background: { r: 60 + b * 30, g: 110, b: 170 - b * 20 }, noise: { type: 'gaussian', mean: 110 + b * 5, sigma: 35 } } }).blur(1.2).jpeg({ quality: 85 }).toBuffer());
  }
  for (let i = 0; i < count; i++) {
    const datasets = [[1, 90, Buffer.from('\x1b%G', 'latin1')], [2, 110, i % 2 ? 'Reuters' : 'AFP'], [2, 120, `${captionPrefix} ${i}: Russian Defense Minister S. Shoigu during his visit to Belarus`], [2, 55, '20240501']];
    writeFileSync(path.join(dir, `photo-${String(i).padStart(4, '0')}.jpg`), withIptc(bases[i % bases.length], datasets));
  }
}
