/**
 * C2PA manifest stores are found where the C2PA specification puts them in each container (JPEG APP11, PNG
 * caBX, WebP's RIFF C2PA chunk, a top-level ISO BMFF uuid box), and only there: the same bytes elsewhere in
 * the file are not a manifest store.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { pngChunk } from '../../src/containers/png-chunks.js';
import { readMetadata } from '../../src/index.js';
import { readTags } from '../helpers/exiftool.js';
import { appSegment, insertSegments, isoBox, makeJpeg, put, riffChunk } from '../helpers/fixtures.js';
import { outputDir } from '../helpers/paths.js';

const dir = outputDir('c2pa');

/** A minimal C2PA manifest store: a JUMBF superbox whose description box has the c2pa type and label. */
const STORE = isoBox('jumb', isoBox('jumd', Buffer.from('6332706100110010800000aa00389b71', 'hex'), Buffer.from([0x03]), Buffer.from('c2pa\0', 'latin1')));
const C2PA_UUID = Buffer.from('d8fec3d61b0e483c92975828877ec481', 'hex');

/** A RIFF chunk appended to a WebP, its RIFF size mended. */
function withRiffChunk(webp: Buffer, type: string, data: Buffer): Buffer {
  const out = Buffer.concat([webp, riffChunk(type, data)]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

/** A PNG chunk inserted before IEND (the last 12 bytes). */
const withPngChunk = (png: Buffer, type: string, data: Buffer): Buffer => Buffer.concat([png.subarray(0, png.length - 12), pngChunk(type, data), png.subarray(png.length - 12)]);

describe('C2PA manifest stores, in each container', () => {
  const files: Record<string, { file: string; c2pa: boolean }> = {};

  beforeAll(async () => {
    const img = sharp({ create: { width: 48, height: 32, channels: 3, background: '#5a7' } });
    const jpeg = readFileSync(await makeJpeg(path.join(dir, 'base.jpg'), 48, 32));
    const png = await img.clone().png().toBuffer();
    const webp = await img.clone().webp().toBuffer();
    const avif = await img.clone().avif().toBuffer();
    // JPEG XT's APP11 framing: "JP", the box instance and packet sequence numbers, then the superbox.
    const app11 = appSegment(11, Buffer.concat([Buffer.from('JP', 'latin1'), Buffer.from([0, 1, 0, 0, 0, 1]), STORE]));
    const cases: [string, Buffer, boolean][] = [
      ['store.jpg', insertSegments(jpeg, [app11]), true],
      ['none.jpg', jpeg, false],
      ['store.png', withPngChunk(png, 'caBX', STORE), true],
      ['text.png', withPngChunk(png, 'tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), STORE])), false],
      ['store.webp', withRiffChunk(webp, 'C2PA', STORE), true],
      ['other-chunk.webp', withRiffChunk(webp, 'ZZZZ', STORE), false],
      ['store.avif', Buffer.concat([avif, isoBox('uuid', C2PA_UUID, STORE)]), true],
      ['free-box.avif', Buffer.concat([avif, isoBox('free', STORE)]), false],
    ];
    for (const [name, bytes, c2pa] of cases) files[name] = { file: put(path.join(dir, name), bytes), c2pa };
  });

  it('finds the store where the container keeps it, and nowhere else', async () => {
    for (const [name, { file, c2pa }] of Object.entries(files)) {
      const m = await readMetadata(file);
      expect(m.c2pa, name).toBe(c2pa);
      expect(m.warnings.filter((w) => w.code !== 'TRAILING_DATA'), name).toEqual([]); // each file is still read whole
    }
  });

  it("agrees with ExifTool where it reads JUMBF (12.57: JPEG's APP11 and PNG's caBX, not WebP or ISO BMFF)", async () => {
    for (const name of ['store.jpg', 'none.jpg', 'store.png', 'text.png']) {
      const tags = readTags(files[name]!.file);
      const label = tags['JUMBF:JUMDLabel'];
      expect(label === 'c2pa', `${name}: ExifTool's JUMDLabel ${String(label)}`).toBe(files[name]!.c2pa);
    }
  });
});
