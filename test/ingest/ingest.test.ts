import { createReadStream, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPhoto, PhotodeskError, readMetadata, walkFiles } from '../../src/index.js';
import { makeJpeg, minimalZip, pngBomb, put } from '../helpers/fixtures.js';
import { CORPUS, outputDir } from '../helpers/paths.js';

const dir = outputDir('ingest');

async function refusal(p: Promise<unknown>): Promise<PhotodeskError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PhotodeskError);
    return e as PhotodeskError;
  }
  throw new Error('expected a PhotodeskError');
}

describe('ingest: the type comes from the bytes', () => {
  let jpeg: string;
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    jpeg = await makeJpeg(path.join(dir, 'photo.jpg'), 64, 48);
  });

  const notPhotos: [string, () => Buffer | string][] = [
    ['an empty file', () => Buffer.alloc(0)],
    ['a text file named .jpg', () => 'This is not a photo, just some text.\n'],
    ['a PDF', () => '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'],
    ['an SVG with a script', () => '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'],
    ['a ZIP archive', () => minimalZip()],
    // file-type skips the byte-order mark and says jpg; libvips cannot open it, so it would pass a check and fail to render.
    ['a JPEG behind a UTF-8 byte-order mark', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(jpeg)])],
  ];
  for (const [what, make] of notPhotos) {
    it(`refuses ${what} with UNSUPPORTED_TYPE, naming the file`, async () => {
      const file = put(path.join(dir, `not-a-photo-${what.replace(/\W+/g, '-')}.jpg`), make());
      const err = await refusal(openPhoto(file));
      expect(err.code).toBe('UNSUPPORTED_TYPE');
      expect(err.file).toBe(file);
      expect(err.message).toContain(file);
      expect(err.hint).toMatch(/JPEG/);
      // The metadata-only read (inspect, validate) refuses it the same way.
      expect((await refusal(readMetadata(file, { hash: false }))).code).toBe('UNSUPPORTED_TYPE');
    });
  }

  it('reads a photo whose name disagrees with its bytes, with EXTENSION_MISMATCH', async () => {
    const png = await sharp(readFileSync(jpeg)).png().toBuffer();
    const file = put(path.join(dir, 'really-a-png.jpg'), png);
    const photo = await openPhoto(file);
    expect(photo.format).toBe('png');
    expect(photo.mime).toBe('image/png');
    expect(photo.warnings.map((w) => w.code)).toEqual(['EXTENSION_MISMATCH']);
    const right = await openPhoto(jpeg);
    expect(right.warnings).toEqual([]);
  });

  it('reads paths, Buffers, Uint8Arrays and streams to the same photo and hash', async () => {
    const bytes = readFileSync(jpeg);
    const fromPath = await openPhoto(jpeg);
    const fromBuffer = await openPhoto(bytes, { name: 'upload.jpg' });
    const fromArray = await openPhoto(new Uint8Array(bytes));
    const fromStream = await openPhoto(createReadStream(jpeg, { highWaterMark: 100 }));
    for (const p of [fromBuffer, fromArray, fromStream]) {
      expect(p.sha256).toBe(fromPath.sha256);
      expect([p.format, p.width, p.height]).toEqual(['jpeg', 64, 48]);
    }
    expect(fromPath.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fromBuffer.file).toBe('upload.jpg');
  });

  it('refuses an input that is not a path, bytes or a stream', async () => {
    const err = await refusal(openPhoto(42 as unknown as string));
    expect(err.code).toBe('INVALID_INPUT');
  });

  it('reports a missing file as FILE_NOT_FOUND', async () => {
    const err = await refusal(openPhoto(path.join(dir, 'nope.jpg')));
    expect(err.code).toBe('FILE_NOT_FOUND');
  });
});

describe('ingest: limits checked before decoding', () => {
  it('refuses a file over maxBytes, from a path and from a stream stopped early', async () => {
    const file = await makeJpeg(path.join(dir, 'limit.jpg'), 64, 48);
    const size = readFileSync(file).length;
    expect((await refusal(openPhoto(file, { limits: { maxBytes: size - 1 } }))).code).toBe('FILE_TOO_LARGE');
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled++;
        this.push(Buffer.alloc(64 * 1024));
      },
    });
    const err = await refusal(openPhoto(endless, { limits: { maxBytes: 1024 * 1024 } }));
    expect(err.code).toBe('FILE_TOO_LARGE');
    expect(pulled).toBeLessThan(40); // stopped at the limit, not read to the end
    expect(endless.destroyed).toBe(true);
  });

  it('refuses a 65536 x 65536 pixel bomb with PIXEL_LIMIT_EXCEEDED from its header, with little memory', async () => {
    const bomb = pngBomb(65536, 65536);
    const file = put(path.join(dir, 'bomb.png'), bomb);
    const before = process.memoryUsage().rss;
    const err = await refusal(openPhoto(file));
    expect(err.code).toBe('PIXEL_LIMIT_EXCEEDED');
    expect(err.message).toContain('65536 x 65536');
    // Decoding would need 65536 * 65536 * 3 bytes (12 GiB); refusing from the header needs next to nothing.
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    // The same bomb passes when the caller raises the limit on purpose (the check is the limit, not a crash).
    const ok = await openPhoto(file, { limits: { maxPixels: 65536 * 65536 } });
    expect([ok.width, ok.height]).toEqual([65536, 65536]);
  });

  it.skipIf(!CORPUS)('refuses the corpus pixel bomb (65536-uint32-limit.png, 522 KB) the same way', async () => {
    const err = await refusal(readMetadata(path.join(CORPUS!, 'sharp/test/fixtures/65536-uint32-limit.png')));
    expect(err.code).toBe('PIXEL_LIMIT_EXCEEDED');
  });
});

describe('walkFiles', () => {
  it('walks folders recursively in a stable order, reporting every hidden entry it skips; a missing path is PATH_NOT_FOUND', async () => {
    const root = path.join(dir, 'walk');
    put(path.join(root, 'b.jpg'), 'x');
    put(path.join(root, 'a', 'c.jpg'), 'x');
    put(path.join(root, '.hidden', 'd.jpg'), 'x');
    put(path.join(root, '.DS_Store'), 'x');
    const seen: string[] = [];
    const skipped: string[] = [];
    for await (const f of walkFiles([root], { onSkip: (s) => skipped.push(`${path.relative(dir, s.path)} ${s.reason}`) })) seen.push(path.relative(dir, f));
    expect(seen).toEqual([path.join('walk', 'a', 'c.jpg'), path.join('walk', 'b.jpg')]);
    expect(skipped).toEqual([`${path.join('walk', '.DS_Store')} hidden`, `${path.join('walk', '.hidden')} hidden`]);
    // With photosOnly, these text files are not photos: skipped, each counted.
    const photos: string[] = [];
    const notPhotos: string[] = [];
    for await (const f of walkFiles([root], { photosOnly: true, onSkip: (s) => s.reason === 'not-a-photo' && notPhotos.push(path.basename(s.path)) })) photos.push(f);
    expect(photos).toEqual([]);
    expect(notPhotos).toEqual(['c.jpg', 'b.jpg']);
    // Files are sniffed ahead of the one yielded: the order stays sorted, and a consumer may stop at any point.
    const many = path.join(dir, 'walk-many');
    const jpeg = await makeJpeg(path.join(dir, 'walk-one.jpg'));
    const names = Array.from({ length: 60 }, (_, i) => `${String(i).padStart(2, '0')}.${i % 3 === 0 ? 'txt' : 'jpg'}`);
    for (const n of names) put(path.join(many, n), n.endsWith('.txt') ? 'text' : readFileSync(jpeg));
    const taken: string[] = [];
    for await (const f of walkFiles([many], { photosOnly: true })) taken.push(path.basename(f));
    expect(taken).toEqual(names.filter((n) => n.endsWith('.jpg')));
    let first: string | null = null;
    for await (const f of walkFiles([many], { photosOnly: true })) {
      first = path.basename(f);
      break;
    }
    expect(first).toBe('01.jpg');
    const missing = async () => {
      for await (const f of walkFiles([root, path.join(dir, 'missing.jpg')])) void f;
    };
    await expect(missing()).rejects.toMatchObject({ code: 'PATH_NOT_FOUND', file: path.join(dir, 'missing.jpg') });
  });
});
