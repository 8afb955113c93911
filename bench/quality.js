// Quality per byte on real photographs: 12 camera JPEGs of 2-22 MP from ../shared/corpus (not synthetic
// gradients, which flatter AVIF) and the 24 MP synthetic photo of the renditions bench. For each photo, format
// and width of the default ladder: bytes, PSNR (RGB) and SSIM (ssim.js, luma, its default downsampling) against
// a lossless downscale of the source, for
//   - eleventy-img 6 at its defaults (its own sharp 0.33), the anchor;
//   - photodesk at its defaults (renderRenditions, the real pipeline);
//   - photodesk's encoder at exactly eleventy's bytes (the two whole qualities around them, interpolated).
// Time: photodesk's whole render vs eleventy-img's, per photo, run one after the other.
// With --alternatives, the AVIF settings photodesk did not choose are measured the same way at eleventy's
// bytes (effort 4, tune iq, 4:2:0), each with its encode time against the defaults' at the same bytes.
// `npm run bench -- quality [photos] [--alternatives]` (default all 13 photos).
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { ssim } from 'ssim.js';
import { planRenditions, readMetadata, renderRenditions } from '../dist/index.js';
import { ENCODERS } from '../dist/renditions/encoders.js';
import { DEFAULT_WIDTHS } from '../dist/renditions/defaults.js';
import { CORPUS, median, writeResult } from './lib.js';
import { generate, SRC } from './renditions.js';

const PHOTOS = [
  'exifr/test/fixtures/iptc-mess.jpg',
  'exifr/test/fixtures/issue-metadata-extractor-152.jpg',
  'metadata-extractor-images/jpg/Canon EOS-1D Mark III (via Adobe Lightroom).jpg',
  'metadata-extractor-images/jpg/Canon Powershot S90.jpg',
  'metadata-extractor-images/jpg/Issue 266.jpg',
  'metadata-extractor-images/jpg/Issue 525.jpg',
  'metadata-extractor-images/jpg/Nikon D70.jpg',
  'metadata-extractor-images/jpg/Nikon E995 (iptc).jpg',
  'metadata-extractor-images/jpg/Nokia Lumia 800.jpg',
  'metadata-extractor-images/jpg/Olympus FE230-X790.jpg',
  'metadata-extractor-images/jpg/Samsung SM-J327T1.jpg',
  'exif-samples/jpg/tests/42_IndexError.jpg',
];
const FORMATS = ['avif', 'webp', 'jpeg'];
/** Qualities of the curve each format's encoder is measured on (its other settings are photodesk's defaults). */
const CURVE = { avif: [35, 50, 65, 80], webp: [50, 70, 82, 92], jpeg: [50, 70, 82, 92] };
/** Settings measured against the defaults with --alternatives, at widths of 960 px and more (where AVIF lags). */
const ALTERNATIVES = {
  avif: [
    ['effort 4 (as eleventy-img)', { effort: 4 }],
    ["tune 'iq'", { tune: 'iq' }],
    ['chroma 4:2:0', { chromaSubsampling: '4:2:0' }],
  ],
};
const ALTERNATIVES_FROM = 960;

export async function run(args) {
  if (!existsSync(CORPUS)) {
    console.error(`SKIPPED: the quality bench needs the real photos of ${CORPUS} (../shared/corpus)`);
    process.exit(2);
  }
  const flags = args.filter((a) => a.startsWith('-'));
  const counts = args.filter((a) => !a.startsWith('-'));
  if (flags.some((f) => f !== '--alternatives') || counts.length > 1 || (counts[0] !== undefined && !/^[1-9]\d*$/.test(counts[0]))) {
    console.error(`usage: npm run bench -- quality [photos] [--alternatives] (got: ${args.join(' ')})`);
    process.exit(2);
  }
  const alternatives = flags.includes('--alternatives');
  await generate();
  const files = [...PHOTOS.map((p) => path.join(CORPUS, p)), SRC].slice(0, Number(counts[0] ?? PHOTOS.length + 1));
  const Image = createRequire(import.meta.url)('@11ty/eleventy-img');
  const rows = [];
  const times = [];
  for (const file of files) {
    const full = await sharp(file).autoOrient().toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const widths = DEFAULT_WIDTHS.filter((w) => w <= full.info.width);
    const refs = new Map();
    const ref = async (w, h) => {
      const k = `${w}x${h}`;
      if (!refs.has(k)) refs.set(k, await sharp(full.data, { raw: full.info }).resize(w, h, { fit: 'fill' }).raw().toBuffer());
      return refs.get(k);
    };

    let t = performance.now();
    const plan = planRenditions(await readMetadata(file), { widths, formats: FORMATS });
    const ours = await renderRenditions(file, plan);
    const pdMs = performance.now() - t;
    t = performance.now();
    const theirs = await Image(file, { widths, formats: FORMATS, dryRun: true });
    const elMs = performance.now() - t;
    times.push({ photo: path.basename(file), photodeskMs: Math.round(pdMs), eleventyMs: Math.round(elMs) });

    for (const format of FORMATS) {
      for (const w of widths) {
        const el = theirs[format].find((s) => s.width === w);
        const pd = ours.find((r) => r.format === format && r.width === w && r.crop === null);
        if (!el || !pd) continue;
        const h = pd.height;
        const reference = await ref(w, h);
        const measure = async (body) => ({ bytes: body.length, ...(await compare(body, reference, w, h)) });
        const eleventy = await measure(el.buffer);
        const defaults = await measure(pd.body);
        // photodesk's encoder at eleventy's bytes: a curve of qualities gives the estimate, then the two whole
        // qualities whose files bracket those bytes are measured and their metrics interpolated (in log bytes).
        const curve = [];
        for (const q of CURVE[format]) curve.push({ q, bytes: (await encode(reference, w, h, format, q)).length });
        const encodeMs = [];
        const timedAt = (settings, ms) => async (q) => {
          const t = performance.now();
          const body = await encode(reference, w, h, format, q, settings);
          ms.push(performance.now() - t);
          return body;
        };
        const matched = await atBytes(eleventy.bytes, Math.round(qualityFor(curve, eleventy.bytes)), timedAt({}, encodeMs), measure);
        const others = [];
        for (const [label, settings] of alternatives && w >= ALTERNATIVES_FROM ? (ALTERNATIVES[format] ?? []) : []) {
          const ms = [];
          others.push({ label, matched: await atBytes(eleventy.bytes, Math.round(matched.q), timedAt(settings, ms), measure), encodeMs: mean(ms) });
        }
        rows.push({ photo: path.basename(file), format, width: w, eleventy, defaults, matched, encodeMs: mean(encodeMs), alternatives: others });
      }
    }
    const last = rows.filter((r) => r.photo === path.basename(file));
    console.error(`${path.basename(file)}: ${full.info.width}x${full.info.height}, photodesk ${Math.round(pdMs)} ms, eleventy-img ${Math.round(elMs)} ms, ${last.length} renditions compared`);
  }
  report(rows, times, files.length);
}

/** Encodes the reference pixels with photodesk's encoder settings for `format` (changed by `settings`) at quality `q`. */
function encode(raw, width, height, format, quality, settings = {}) {
  const e = ENCODERS[format];
  return e.apply(sharp(raw, { raw: { width, height, channels: 3 } }), { ...e.defaults, ...settings, quality }).toBuffer();
}

function mean(xs) {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Metrics at exactly `bytes`: walks whole qualities from `q` (encoding only) until two neighbours bracket the
 * bytes, measures those two, and interpolates between them in log bytes (the clamped end when none reaches).
 */
async function atBytes(bytes, q, encodeAt, measure) {
  const seen = new Map();
  const at = async (x) => {
    if (!seen.has(x)) seen.set(x, { q: x, body: await encodeAt(x) });
    return seen.get(x);
  };
  let lo = await at(q);
  let hi = lo;
  while (lo.body.length > bytes && lo.q > 1) [hi, lo] = [lo, await at(lo.q - 1)];
  while (hi.body.length < bytes && hi.q < 100) [lo, hi] = [hi, await at(hi.q + 1)];
  const [a, b] = [{ q: lo.q, ...(await measure(lo.body)) }, hi === lo ? null : { q: hi.q, ...(await measure(hi.body)) }];
  if (!b || a.bytes === b.bytes) return a;
  const t = Math.min(1, Math.max(0, (Math.log(bytes) - Math.log(a.bytes)) / (Math.log(b.bytes) - Math.log(a.bytes))));
  return { q: a.q + t, bytes: Math.exp(Math.log(a.bytes) + t * (Math.log(b.bytes) - Math.log(a.bytes))), psnr: a.psnr + t * (b.psnr - a.psnr), ssim: a.ssim + t * (b.ssim - a.ssim) };
}

/** The quality whose bytes are `bytes` on the curve (linear in log bytes; clamped to the curve's ends). */
function qualityFor(curve, bytes) {
  const pts = curve.map((p) => ({ q: p.q, x: Math.log(p.bytes) })).sort((a, b) => a.x - b.x);
  const x = Math.log(bytes);
  if (x <= pts[0].x) return pts[0].q;
  if (x >= pts[pts.length - 1].x) return pts[pts.length - 1].q;
  const i = pts.findIndex((p) => p.x >= x);
  const [a, b] = [pts[i - 1], pts[i]];
  return a.q + ((b.q - a.q) * (x - a.x)) / (b.x - a.x);
}

/** PSNR over RGB and SSIM of an encoded image against the reference pixels. */
async function compare(body, reference, width, height) {
  const { data } = await sharp(body).toColourspace('srgb').removeAlpha().resize(width, height, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  let se = 0;
  for (let i = 0; i < data.length; i++) se += (data[i] - reference[i]) ** 2;
  const mse = se / data.length;
  const psnr = mse === 0 ? 99 : 10 * Math.log10((255 * 255) / mse);
  const rgba = (rgb) => {
    const out = new Uint8ClampedArray(width * height * 4);
    for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
      out[q] = rgb[p];
      out[q + 1] = rgb[p + 1];
      out[q + 2] = rgb[p + 2];
      out[q + 3] = 255;
    }
    return { data: out, width, height };
  };
  return { psnr, ssim: ssim(rgba(data), rgba(reference)).mssim };
}

function report(rows, times, photos) {
  const table = [];
  for (const format of FORMATS) {
    for (const w of [...new Set(rows.map((r) => r.width))].sort((a, b) => a - b)) {
      const rs = rows.filter((r) => r.format === format && r.width === w);
      if (rs.length === 0) continue;
      table.push({
        format,
        width: w,
        photos: rs.length,
        'eleventy kB': +(mean(rs.map((r) => r.eleventy.bytes)) / 1024).toFixed(1),
        'photodesk kB': +(mean(rs.map((r) => r.defaults.bytes)) / 1024).toFixed(1),
        'eleventy PSNR': +mean(rs.map((r) => r.eleventy.psnr)).toFixed(2),
        'photodesk PSNR': +mean(rs.map((r) => r.defaults.psnr)).toFixed(2),
        'eleventy SSIM': +mean(rs.map((r) => r.eleventy.ssim)).toFixed(4),
        'photodesk SSIM': +mean(rs.map((r) => r.defaults.ssim)).toFixed(4),
        'equal bytes: q': Math.round(median(rs.map((r) => r.matched.q))),
        'equal bytes: kB ratio': +(mean(rs.map((r) => r.matched.bytes / r.eleventy.bytes))).toFixed(3),
        'equal bytes: dPSNR': +mean(rs.map((r) => r.matched.psnr - r.eleventy.psnr)).toFixed(2),
        'equal bytes: dSSIM': +mean(rs.map((r) => r.matched.ssim - r.eleventy.ssim)).toFixed(4),
      });
    }
  }
  const summary = FORMATS.map((format) => {
    const rs = rows.filter((r) => r.format === format);
    const sum = (f) => rs.reduce((n, r) => n + f(r), 0);
    return {
      format,
      'bytes, photodesk / eleventy': +(sum((r) => r.defaults.bytes) / sum((r) => r.eleventy.bytes)).toFixed(3),
      'defaults dPSNR': +mean(rs.map((r) => r.defaults.psnr - r.eleventy.psnr)).toFixed(2),
      'defaults dSSIM': +mean(rs.map((r) => r.defaults.ssim - r.eleventy.ssim)).toFixed(4),
      'equal bytes dPSNR': +mean(rs.map((r) => r.matched.psnr - r.eleventy.psnr)).toFixed(2),
      'equal bytes dSSIM': +mean(rs.map((r) => r.matched.ssim - r.eleventy.ssim)).toFixed(4),
      'equal bytes: photodesk worse in': `${rs.filter((r) => worse(r.matched, r.eleventy)).length} of ${rs.length}`,
    };
  });
  // Each setting photodesk did not choose, beside the defaults, on the same renditions.
  const alternatives = [];
  for (const format of FORMATS) {
    const rs = rows.filter((r) => r.format === format && r.alternatives.length > 0);
    if (rs.length === 0) continue;
    const line = (label, pick) => ({
      format,
      settings: label,
      renditions: rs.length,
      'equal bytes dPSNR': +mean(rs.map((r) => pick(r).matched.psnr - r.eleventy.psnr)).toFixed(2),
      'equal bytes dSSIM': +mean(rs.map((r) => pick(r).matched.ssim - r.eleventy.ssim)).toFixed(4),
      'worse than eleventy in': `${rs.filter((r) => worse(pick(r).matched, r.eleventy)).length} of ${rs.length}`,
      'encode time vs defaults': +(mean(rs.map((r) => pick(r).encodeMs)) / mean(rs.map((r) => r.encodeMs))).toFixed(2),
    });
    alternatives.push(line('photodesk defaults', (r) => r));
    for (const [i, { label }] of rs[0].alternatives.entries()) alternatives.push(line(label, (r) => r.alternatives[i]));
  }
  const timeRatio = times.reduce((n, t) => n + t.photodeskMs, 0) / times.reduce((n, t) => n + t.eleventyMs, 0);
  console.log(`\nQuality per byte: ${photos} photos (12 real camera JPEGs from the corpus + the 24 MP synthetic), ${rows.length} renditions; means over photos`);
  console.table(table);
  console.table(summary);
  if (alternatives.length > 0) {
    console.log(`Settings not chosen, at eleventy's bytes, widths ${ALTERNATIVES_FROM} px and more (encode time: mean per encode at those bytes)`);
    console.table(alternatives);
  }
  console.table(times);
  console.log(`render time, photodesk / eleventy-img 6 (sum over photos, one after the other): ${timeRatio.toFixed(2)}x`);
  console.log('result:', writeResult('quality', { photos, table, summary, alternatives, times, timeRatio, rows }));
}

/** Worse than the anchor by more than the metrics' noise: 0.05 dB PSNR or 0.0005 SSIM. */
function worse(a, anchor) {
  return a.psnr < anchor.psnr - 0.05 || a.ssim < anchor.ssim - 0.0005;
}
