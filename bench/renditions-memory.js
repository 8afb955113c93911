// Memory of the renditions stage, in its own process: a 100 MP JPEG, then 50 different photos in a row.
// Prints one JSON line: peak RSS for the 100 MP photo, and RSS after 10, 25 and 50 photos ('big': the first only).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { planRenditions, readMetadata, renderRenditions } from '../dist/index.js';

const [cache, which = 'all'] = process.argv.slice(2);
mkdirSync(cache, { recursive: true });
const big = path.join(cache, 'photo-100mp.jpg');
if (!existsSync(big)) {
  await sharp({ create: { width: 12000, height: 8400, channels: 3, background: '#6080a0', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg({ quality: 85 }).toFile(big);
}
const render = async (file, opts = {}) => renderRenditions(file, planRenditions(await readMetadata(file), opts));
const mb = () => Math.round(process.memoryUsage().rss / 1048576);

const base = mb();
if (which !== 'series') await render(big);
const bigPeak = Math.round(process.resourceUsage().maxRSS / 1024);

if (which === 'big') {
  process.stdout.write(JSON.stringify({ baseMB: base, peak100mpMB: bigPeak }) + '\n');
  process.exit(0);
}
const photos = [];
for (let i = 0; i < 5; i++) {
  const f = path.join(cache, `photo-12mp-${i}.jpg`);
  if (!existsSync(f)) await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 40 * i, g: 120, b: 200 - 30 * i }, noise: { type: 'gaussian', mean: 120, sigma: 30 } } }).jpeg({ quality: 85 }).toFile(f);
  photos.push(f);
}
const samples = {};
for (let n = 1; n <= 50; n++) {
  await render(photos[n % photos.length], { widths: [320, 640, 960, 1280, 1920] });
  if (n === 10 || n === 25 || n === 50) samples[n] = mb();
}
process.stdout.write(JSON.stringify({ baseMB: base, peak100mpMB: bigPeak, rssAfter: samples }) + '\n');
