import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { readWebpChunks } from '../../src/containers/webp-chunks.js';
import { readMetadata } from '../../src/index.js';
import { CORPUS, corpusMissingMessage } from '../helpers/paths.js';
import { riffChunk } from '../helpers/fixtures.js';

/*
 * photodesk reads a WebP's metadata and header facts from its chunks instead of asking libvips (ten times
 * faster); the answers must stay libvips' own, which renders the photo.
 */
if (!CORPUS) corpusMissingMessage();

const XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Reuters"/></rdf:RDF></x:xmpmeta>';

/** A 64 x 48 picture, opaque or with alpha that varies, shifted by `seed`. */
function pixels(channels: 3 | 4, seed = 0, alpha = true): Sharp {
  const w = 64;
  const h = 48;
  const raw = Buffer.alloc(w * h * channels);
  for (let i = 0; i < w * h; i++) {
    raw[i * channels] = (i * 7 + seed * 50) & 255;
    raw[i * channels + 1] = (i >> 6) * 5;
    raw[i * channels + 2] = 128;
    if (channels === 4) raw[i * channels + 3] = alpha ? (i % w) * 4 : 255;
  }
  return sharp(raw, { raw: { width: w, height: h, channels } });
}

/** What libvips says, in the reader's terms. */
async function libvips(bytes: Buffer) {
  const m = await sharp(bytes).metadata();
  const exif = m.exif && m.exif.toString('latin1', 0, 4) === 'Exif' ? m.exif.subarray(6) : (m.exif ?? null);
  return { exif, xmp: m.xmp ?? null, icc: m.icc ?? null, hasAlpha: m.hasAlpha, pages: m.pages ?? 1 };
}

function ours(bytes: Buffer) {
  const r = readWebpChunks(bytes);
  const exif = r.exif && r.exif.toString('latin1', 0, 4) === 'Exif' ? r.exif.subarray(6) : r.exif;
  return { exif, xmp: r.xmp, icc: r.icc, hasAlpha: r.hasAlpha, pages: r.pages };
}

/** A RIFF WEBP of `chunks` (type, data), with its sizes and padding. */
function riff(chunks: [string, Buffer][]): Buffer {
  const body = chunks.map(([type, data]) => riffChunk(type, data));
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + body.reduce((n, b) => n + b.length, 0), 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, ...body]);
}

/** The chunks of a WebP (type, data), to build variants from. */
function chunksOf(webp: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (let pos = 12; pos + 8 <= webp.length; ) {
    const size = webp.readUInt32LE(pos + 4);
    out.push([webp.toString('latin1', pos, pos + 4), webp.subarray(pos + 8, pos + 8 + size)]);
    pos += 8 + size + (size & 1);
  }
  return out;
}

describe('WebP chunks: the answers of libvips', () => {
  it('on still, animated and hand-made WebPs: alpha, pages, EXIF, XMP and ICC', async () => {
    const lossy = await pixels(3).webp().toBuffer();
    const frames = await Promise.all([0, 1, 2].map((s) => pixels(3, s).png().toBuffer()));
    const alphaFrames = await Promise.all([0, 1].map((s) => pixels(4, s).png().toBuffer()));
    // The second frame differs from the first in one corner only: the encoder stores a smaller sub-frame.
    const corner = await pixels(3, 0).composite([{ input: { create: { width: 8, height: 8, channels: 3, background: '#f00' } }, left: 0, top: 0 }]).png().toBuffer();
    const cases: Record<string, Buffer> = {
      'lossy, opaque': lossy,
      'lossy, alpha': await pixels(4).webp().toBuffer(),
      'lossless, alpha': await pixels(4).webp({ lossless: true }).toBuffer(),
      'lossless, opaque': await pixels(3).webp({ lossless: true }).toBuffer(),
      'lossless, four channels all opaque': await pixels(4, 0, false).webp({ lossless: true }).toBuffer(),
      'EXIF, XMP and ICC': await pixels(3).withIccProfile('p3').withExif({ IFD0: { Copyright: 'Reuters' } }).withXmp(XMP).webp().toBuffer(),
      'animated, opaque frames': await sharp(frames, { join: { animated: true } }).webp().toBuffer(),
      'animated, alpha frames': await sharp(alphaFrames, { join: { animated: true } }).webp({ lossless: true }).toBuffer(),
      'animated, a sub-frame': await sharp([frames[0]!, corner], { join: { animated: true } }).webp().toBuffer(),
      // Metadata chunks the VP8X flags do not announce are not read; nor are any in the simple format.
      'XMP chunk after a simple-format picture': riff([...chunksOf(lossy), ['XMP ', Buffer.from(XMP)]]),
    };
    const withMeta = cases['EXIF, XMP and ICC']!;
    const vp8x = chunksOf(withMeta).find(([t]) => t === 'VP8X')![1];
    const unannounced = Buffer.from(vp8x);
    unannounced[0] = 0;
    cases['metadata chunks the VP8X flags do not announce'] = riff(chunksOf(withMeta).map(([t, d]) => [t, t === 'VP8X' ? unannounced : d]));

    const seen: Record<string, ReturnType<typeof ours>> = {};
    for (const [name, bytes] of Object.entries(cases)) {
      seen[name] = ours(bytes);
      expect(seen[name], name).toEqual(await libvips(bytes));
    }
    // The cases cover what they are named for.
    expect(seen['lossy, opaque']!.hasAlpha).toBe(false);
    expect(seen['lossy, alpha']!.hasAlpha).toBe(true);
    expect(seen['lossless, alpha']!.hasAlpha).toBe(true);
    expect(seen['EXIF, XMP and ICC']!.xmp?.toString()).toContain('Reuters');
    expect(seen['EXIF, XMP and ICC']!.icc).not.toBeNull();
    expect(seen['EXIF, XMP and ICC']!.exif).not.toBeNull();
    expect(seen['metadata chunks the VP8X flags do not announce']!.xmp).toBeNull();
    expect(seen['animated, opaque frames']!.pages).toBe(3);
    expect(seen['animated, alpha frames']!.hasAlpha).toBe(true);
    expect(seen['animated, a sub-frame']!.hasAlpha).toBe(true);

    const record = await readMetadata(withMeta, { hash: false });
    expect([record.format, record.credit, record.colorSpace, record.hasAlpha, record.animated, record.copyright]).toEqual(['webp', 'Reuters', 'rgb', false, false, 'Reuters']);
    expect((await readMetadata(cases['animated, opaque frames']!, { hash: false })).animated).toBe(true);
  });

  it.skipIf(!CORPUS)('on every WebP of the shared corpus', async () => {
    const files = readdirSync(CORPUS!, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .filter((f) => {
        const head = readFileSync(f).subarray(0, 12);
        return head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP';
      });
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const file of files) {
      const bytes = readFileSync(file);
      const vips = await libvips(bytes).catch(() => null);
      if (vips) expect(ours(bytes), file).toEqual(vips);
      else expect(readWebpChunks(bytes).valid, `${file}: libvips cannot read it`).toBe(false);
    }
  });
});
