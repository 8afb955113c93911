import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createDesk, createLocalStorage, planRenditions, readMetadata, renderRenditions } from '../../src/index.js';
import { exiftool, writeTags } from '../helpers/exiftool.js';
import { runCli } from '../helpers/cli.js';
import { CORPUS, corpusMissingMessage, outputDir, ROOT } from '../helpers/paths.js';
import { DESK_CONFIG } from '../helpers/policy.js';

/** Phone HEICs of the shared corpus: landscape and portrait iPhones, one rotated by its irot box, a Nokia. */
const HEICS = [
  'exifr/test/fixtures/heic-iphone7.heic',
  'metadata-extractor-images/heic/IMG_2927.HEIC',
  'metadata-extractor-images/heic/Issue 487.heic',
  'metadata-extractor-images/heic/cheers_1440x960.heic',
];
const dir = outputDir('heic');

describe.skipIf(!CORPUS)('HEIC from phones renders', () => {
  it('renders every phone HEIC upright with its credit, and says how long next to a JPEG of the same pixels', async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const desk = createDesk({ policy: DESK_CONFIG, storage: createLocalStorage({ dir: path.join(dir, 'public') }), privateStorage: createLocalStorage({ dir: path.join(dir, 'private') }), renditions: { widths: [320, 1280], formats: ['avif', 'jpeg'] } });
    const timings: { file: string; pixels: string; heicMs: number; jpegMs: number; ratio: string }[] = [];
    for (const rel of HEICS) {
      const file = path.join(dir, path.basename(rel));
      copyFileSync(path.join(CORPUS!, rel), file);
      writeTags(file, { 'XMP-photoshop:Credit': 'Минобороны России', 'XMP-dc:Creator': 'Вадим Савицкий' });
      const meta = await readMetadata(file);
      let t = performance.now();
      const published = await desk.ingest(file, { override: true });
      const heicMs = performance.now() - t;
      expect(published.status, rel).toBe('published');
      for (const r of published.renditions) {
        const out = path.join(dir, 'public', r.key);
        const info = await sharp(out).metadata();
        // Upright: every rendition has the displayed photo's shape (libheif applied irot; nothing turned twice).
        expect(Math.abs(info.width! / info.height! - meta.displayWidth / meta.displayHeight), `${rel} ${r.key}`).toBeLessThan(0.01);
        const tags = JSON.parse(exiftool(['-json', '-G1', '-XMP-photoshop:Credit', '-XMP-dc:Creator', out]))[0] as Record<string, unknown>;
        expect(tags['XMP-photoshop:Credit'], r.key).toBe('Russian Defence Ministry');
        expect(tags['XMP-dc:Creator'], r.key).toBe('Вадим Савицкий');
      }
      // The same pixels as a JPEG (q90), through the same desk: what HEIC's WebAssembly decode costs.
      const jpeg = path.join(dir, `${path.basename(rel)}.jpg`);
      await sharp(readFileSync(path.join(dir, 'public', published.renditions.find((r) => r.format === 'jpeg' && r.width === Math.max(...published.renditions.map((x) => x.width)))!.key)))
        .resize(meta.displayWidth, meta.displayHeight)
        .jpeg({ quality: 90 })
        .toFile(jpeg);
      t = performance.now();
      await desk.ingest(jpeg, { override: true });
      const jpegMs = performance.now() - t;
      timings.push({ file: path.basename(rel), pixels: `${meta.displayWidth}x${meta.displayHeight}`, heicMs: Math.round(heicMs), jpegMs: Math.round(jpegMs), ratio: (heicMs / jpegMs).toFixed(2) + 'x' });
    }
    console.log('\nHEIC ingest (decode by libheif in WebAssembly) next to a JPEG of the same size, renditions 320 and 1280 in AVIF and JPEG');
    console.table(timings);
  }, 180_000);

  it('refuses a HEIC cut short in transfer as CORRUPT_IMAGE, never a half-grey rendition', async () => {
    const bytes = readFileSync(path.join(CORPUS!, 'exifr/test/fixtures/heic-iphone.heic'));
    const cut = path.join(dir, 'cut.heic');
    mkdirSync(dir, { recursive: true });
    rmSync(path.join(dir, 'public-cut'), { recursive: true, force: true });
    rmSync(path.join(dir, 'private-cut'), { recursive: true, force: true });
    // Keep the header boxes (so ingest accepts it), lose most of the coded picture.
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.3)));
    const desk = createDesk({ policy: DESK_CONFIG, storage: createLocalStorage({ dir: path.join(dir, 'public-cut') }), privateStorage: createLocalStorage({ dir: path.join(dir, 'private-cut') }), renditions: { widths: [320], formats: ['jpeg'] } });
    await expect(desk.ingest(cut, { override: true })).rejects.toMatchObject({ code: 'CORRUPT_IMAGE', message: expect.stringMatching(/cut short: its mdat box needs \d+ bytes/) });
  }, 60_000);

  it('decodes HEICs side by side into the same pixels as one at a time (libheif hands back memory it reuses)', async () => {
    const files = ['exifr/test/fixtures/heic-single.heic', 'metadata-extractor-images/heic/IMG_2927.HEIC', 'exifr/test/fixtures/heic-iphone7.heic'].map((rel) => path.join(CORPUS!, rel));
    const render = async (file: string) => (await renderRenditions(file, planRenditions(await readMetadata(file), { widths: [480], formats: ['jpeg'] })))[0]!.body;
    const alone: Buffer[] = [];
    for (const f of files) alone.push(await render(f));
    const together = await Promise.all(files.map(render));
    expect(together.map((b, i) => b.equals(alone[i]!))).toEqual([true, true, true]);
  }, 120_000);

  it("refuses a HEIC libheif cannot decode with libheif's own reason, and prints nothing of its own: --json stays JSON", async () => {
    const bytes = Buffer.from(readFileSync(path.join(CORPUS!, 'exifr/test/fixtures/heic-single.heic')));
    // Damage the decoder configuration (the parameter sets in the hvcC box): the header still reads, the picture cannot.
    const at = bytes.indexOf('hvcC') + 91;
    bytes[at]! ^= 0xff;
    bytes[at + 1]! ^= 0x55;
    const bad = path.join(dir, 'bad-config.heic');
    mkdirSync(dir, { recursive: true });
    writeFileSync(bad, bytes);
    for (const d of ['public-bad', 'private-bad']) rmSync(path.join(dir, d), { recursive: true, force: true });
    const desk = createDesk({ policy: DESK_CONFIG, storage: createLocalStorage({ dir: path.join(dir, 'public-bad') }), privateStorage: createLocalStorage({ dir: path.join(dir, 'private-bad') }), renditions: { widths: [320], formats: ['jpeg'] } });
    await expect(desk.ingest(bad, { override: true })).rejects.toMatchObject({ code: 'CORRUPT_IMAGE', message: expect.stringMatching(/cannot be decoded by libheif: Decoder plugin generated an error/) });
    const ingest = (file: string) => runCli(['ingest', file, '--json', '--override', '--no-progress', '--to', path.join(dir, 'public-bad'), '--private', path.join(dir, 'private-bad'), '--config', path.join(ROOT, 'photodesk.config.json')]);
    const r = ingest(bad);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as { status: string; error?: { code: string } })).toEqual([
      expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'CORRUPT_IMAGE', message: expect.stringMatching(/cannot be decoded by libheif: Decoder plugin generated an error/) }) }),
    ]);
    // The built CLI decodes a sound HEIC (Node's own resolver, not the test runner's, loads libheif-js there).
    const good = ingest(path.join(CORPUS!, 'exifr/test/fixtures/heic-single.heic'));
    expect([good.code, (JSON.parse(good.stdout) as { status: string }).status]).toEqual([0, 'published']);
  }, 60_000);
});

if (!CORPUS) {
  describe('HEIC from phones renders', () => {
    it('needs ../shared/corpus', () => {
      console.warn(corpusMissingMessage());
    });
  });
}
