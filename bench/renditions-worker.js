// One rendition run in its own process (so two sharp/libvips versions never share one): prints a JSON line
// with wall time, peak RSS and the outputs, which it writes to OUT for the parent to score.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const [mode, src, out, settingsJson] = process.argv.slice(2);
const settings = JSON.parse(settingsJson);
const WIDTHS = [320, 640, 960, 1280, 1920];
const FORMATS = ['avif', 'webp', 'jpeg'];
mkdirSync(out, { recursive: true });

const t0 = performance.now();
let outputs = [];
let extra = {};
if (mode === 'photodesk' || mode === 'photodesk-index') {
  // What a renderer imports: the two stages it uses (photodesk/metadata, photodesk/renditions); or the whole
  // package's index, which also loads the config schema (zod), storage, pipeline and reports (~0.17 s more).
  const { readMetadata, planRenditions, renderRenditions } =
    mode === 'photodesk' ? { ...(await import('../dist/metadata/index.js')), ...(await import('../dist/renditions/index.js')) } : await import('../dist/index.js');
  const plan = planRenditions(await readMetadata(src), { widths: WIDTHS, formats: FORMATS, encoders: settings.photodesk });
  outputs = (await renderRenditions(src, plan)).map((r) => ({ format: r.format, width: r.width, body: r.body }));
} else if (mode === 'naive' || mode === 'floor') {
  const sharp = (await import('sharp')).default;
  const enc = (img, f) => {
    const e = settings.photodesk[f];
    if (f === 'avif') return img.avif({ quality: e.quality, effort: e.effort, chromaSubsampling: e.chromaSubsampling ?? '4:4:4', tune: e.tune ?? 'psnr' });
    if (f === 'webp') return img.webp({ quality: e.quality, effort: e.effort });
    return img.jpeg({ quality: e.quality, mozjpeg: e.mozjpeg ?? true });
  };
  if (mode === 'naive') {
    // One sharp() per output, all awaited together.
    outputs = await Promise.all(WIDTHS.flatMap((w) => FORMATS.map(async (f) => ({ format: f, width: w, body: await enc(sharp(src).rotate().resize(w), f).toBuffer() }))));
  } else {
    // The floor: decode and shrink once, then each encode alone; the sum of encodes divided over the cores.
    const td = performance.now();
    const { data, info } = await sharp(src).rotate().resize(1920).raw().toBuffer({ resolveWithObject: true });
    const decodeMs = performance.now() - td;
    let encodeMs = 0;
    for (const w of WIDTHS) for (const f of FORMATS) {
      const te = performance.now();
      const body = await enc(sharp(data, { raw: info }).resize(w), f).toBuffer();
      encodeMs += performance.now() - te;
      outputs.push({ format: f, width: w, body });
    }
    extra = { decodeMs, encodeMs, floorMs: decodeMs + encodeMs / os.availableParallelism() };
  }
} else if (mode === 'eleventy') {
  const require = createRequire(import.meta.url);
  const Image = require('@11ty/eleventy-img');
  const e = settings.eleventy;
  const stats = await Image(src, {
    widths: WIDTHS,
    formats: FORMATS,
    dryRun: true,
    sharpAvifOptions: e.avif,
    sharpWebpOptions: e.webp,
    sharpJpegOptions: e.jpeg,
  });
  outputs = FORMATS.flatMap((f) => stats[f].map((s) => ({ format: f, width: s.width, body: s.buffer })));
}
const ms = performance.now() - t0;
for (const o of outputs) writeFileSync(path.join(out, `${o.width}.${o.format}`), o.body);
process.stdout.write(JSON.stringify({ mode, ms, maxRssMB: process.resourceUsage().maxRSS / 1024, outputs: outputs.map((o) => ({ format: o.format, width: o.width, bytes: o.body.length })), ...extra }) + '\n');
