import { openSync, readdirSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { describe, expect, it } from 'vitest';
import { isJpegStart, sniffFormat } from '../../src/ingest/sniff.js';
import { CORPUS, corpusMissingMessage, ROOT } from '../helpers/paths.js';

if (!CORPUS) corpusMissingMessage(); // and the corpus test below is reported as skipped

/* sniffFormat tells a JPEG from its first bytes without importing file-type (55 ms of start-up); these hold
 * that shortcut to file-type's own answer, so a file-type upgrade that changed its mind would fail here. The
 * shortcut never says JPEG where file-type does not; the one JPEG file-type sees that the shortcut does not (behind a
 * UTF-8 BOM, which file-type skips) no decoder opens, and sniffFormat refuses it. */

/** file-type's verdict on the bytes: a JPEG or not. */
async function fileTypeSaysJpeg(bytes: Uint8Array): Promise<boolean> {
  return (await fileTypeFromBuffer(bytes))?.ext === 'jpg';
}

/** The shortcut's answer, held to file-type's: true only where file-type says jpg, and for every start FF D8 FF it does. */
async function expectAgreement(bytes: Uint8Array, what = Buffer.from(bytes.subarray(0, 16)).toString('hex')): Promise<boolean> {
  const says = await fileTypeSaysJpeg(bytes);
  const startsLikeJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  expect(isJpegStart(bytes), what).toBe(says && startsLikeJpeg);
  return isJpegStart(bytes);
}

function head(file: string, length = 4100): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    return buf.subarray(0, readSync(fd, buf, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

describe('sniff: the JPEG shortcut agrees with file-type', () => {
  it('on the edges of the signature: short starts, JPEG-LS, near misses', async () => {
    const starts = [
      [0xff, 0xd8, 0xff],
      [0xff, 0xd8, 0xff, 0xe0],
      [0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10, 0x45, 0x78, 0x69, 0x66],
      [0xff, 0xd8, 0xff, 0xf7, 0x00, 0x0b], // JPEG-LS: file-type says jls, which photodesk does not take
      [0xff, 0xd8, 0xff, 0xdb],
      [0xff, 0xd8],
      [0xff, 0xd8, 0xfe],
      [0xfe, 0xd8, 0xff, 0xe0],
      [0xef, 0xbb, 0xbf, 0xff, 0xd8, 0xff, 0xe0], // a UTF-8 BOM before a JPEG start
    ];
    for (const start of starts) {
      // As they are, and followed by zeros.
      for (const bytes of [Uint8Array.from(start), Uint8Array.from([...start, ...new Array(60).fill(0)])]) {
        await expectAgreement(bytes);
      }
    }
    // Neither JPEG-LS nor a JPEG behind a BOM (which libvips cannot open) is a photo photodesk takes.
    expect(await sniffFormat(Uint8Array.from([0xff, 0xd8, 0xff, 0xf7, 0, 0, 0, 0]))).toBeNull();
    expect(await fileTypeSaysJpeg(Uint8Array.from([0xef, 0xbb, 0xbf, 0xff, 0xd8, 0xff, 0xe0, 0, 0, 0]))).toBe(true);
    expect(await sniffFormat(Uint8Array.from([0xef, 0xbb, 0xbf, 0xff, 0xd8, 0xff, 0xe0, 0, 0, 0]))).toBeNull();
  });

  it('on 2,000 random starts that begin like a JPEG', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from({ length: 3 + (random() % 60) }, (_, k) => (k < 2 ? [0xff, 0xd8][k]! : random()));
      if (i % 2 === 0) bytes[2] = 0xff;
      await expectAgreement(bytes);
    }
  });

  it("on the example photos' first bytes, where sniffFormat says jpeg with its MIME type", async () => {
    const dir = path.join(ROOT, 'examples', 'photos');
    for (const name of readdirSync(dir)) {
      const bytes = head(path.join(dir, name));
      if (await expectAgreement(bytes, name)) expect(await sniffFormat(bytes)).toEqual({ format: 'jpeg', mime: 'image/jpeg', animated: false });
    }
  });

  it.skipIf(!CORPUS)('on every file of the shared corpus', async () => {
    const files = (readdirSync(CORPUS!, { recursive: true }) as string[]).map((f) => path.join(CORPUS!, f)).filter((f) => statSync(f).isFile());
    expect(files.length).toBeGreaterThan(400);
    let jpegs = 0;
    for (const file of files) {
      const bytes = head(file);
      if (bytes.length === 0) continue;
      if (await expectAgreement(bytes, file)) jpegs++;
    }
    expect(jpegs).toBeGreaterThan(100);
  });
});
