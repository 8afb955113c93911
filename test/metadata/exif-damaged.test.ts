import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetadata } from '../../src/index.js';
import { readTags } from '../helpers/exiftool.js';
import { appSegment, insertSegments, makeJpeg } from '../helpers/fixtures.js';
import { outputDir } from '../helpers/paths.js';

/*
 * An Exif block whose IFDs have values pointing outside it (a truncated block, an editor's bad offset) or of
 * a type TIFF does not define: exifr gives up the whole IFD on such a tag; photodesk must still read every
 * other tag, as ExifTool does, or a portrait photo renders sideways and loses its caption, copyright and date.
 */
const dir = outputDir('exif-damaged');

type Entry = [tag: number, type: number, count: number, value: Buffer | number];

/** A big-endian TIFF structure of IFD0 and an Exif IFD; a number as an entry's value is its (bad) offset. */
function tiff(ifd0: Entry[], exif: Entry[]): Buffer {
  const ifdSize = (n: number) => 2 + n * 12 + 4;
  const exifAt = 8 + ifdSize(ifd0.length + 1);
  let dataAt = exifAt + ifdSize(exif.length);
  const data: Buffer[] = [];
  const write = (entries: Entry[], next: Buffer[]) => {
    const ifd = Buffer.alloc(ifdSize(entries.length));
    ifd.writeUInt16BE(entries.length, 0);
    entries.forEach(([tag, type, count, value], i) => {
      const at = 2 + i * 12;
      ifd.writeUInt16BE(tag, at);
      ifd.writeUInt16BE(type, at + 2);
      ifd.writeUInt32BE(count, at + 4);
      if (typeof value === 'number') ifd.writeUInt32BE(value, at + 8);
      else if (value.length <= 4) value.copy(ifd, at + 8);
      else {
        ifd.writeUInt32BE(dataAt, at + 8);
        data.push(value);
        dataAt += value.length;
      }
    });
    next.push(ifd);
  };
  const ifds: Buffer[] = [];
  const pointer: Entry = [0x8769, 4, 1, u32(exifAt)];
  write([...ifd0, pointer].sort((a, b) => a[0] - b[0]), ifds);
  write(exif, ifds);
  return Buffer.concat([Buffer.from('MM\0*\0\0\0\x08', 'latin1'), ...ifds, ...data]);
}
const ascii = (tag: number, s: string): Entry => [tag, 2, Buffer.byteLength(s) + 1, Buffer.from(s + '\0')];
const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const OUTSIDE = 0x7fff0000;

describe('a damaged Exif block', () => {
  it('gives every tag but the damaged ones, as ExifTool does', async () => {
    const block = tiff(
      [
        ascii(0x010e, 'Ships in the harbour'),
        [0x010f, 2, 20, OUTSIDE], // Make, its text outside the block: a tag photodesk reads, so asking for it alone fails too
        [0x0112, 3, 1, Buffer.from([0, 6, 0, 0])], // Orientation: 90 degrees clockwise
        [0x011a, 5, 1, OUTSIDE], // XResolution, its rational outside the block
        [0x011b, 5, 1, OUTSIDE], // YResolution too
        [0x0128, 134, 1, Buffer.from([0, 2, 0, 0])], // ResolutionUnit of type 134, which TIFF does not define
        ascii(0x013b, 'A. Photographer'),
        ascii(0x8298, 'Reuters'),
      ],
      [
        [0x829a, 5, 1, OUTSIDE], // ExposureTime outside the block: exifr dropped the Exif IFD, date and all, unreported
        ascii(0x9003, '2023:04:12 10:30:00'),
      ],
    );
    const file = path.join(dir, 'bad-offsets.jpg');
    const base = readFileSync(await makeJpeg(path.join(dir, 'base.jpg'), 64, 48));
    writeFileSync(file, insertSegments(base, [appSegment(1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), block]))]));

    const r = await readMetadata(file);
    expect([r.orientation, r.displayWidth, r.caption, r.creator, r.copyright, r.dateCreated, r.camera.make]).toEqual([6, 48, 'Ships in the harbour', ['A. Photographer'], 'Reuters', '2023-04-12T10:30:00', null]);
    // The independent reference reads the same.
    const et = readTags(file);
    expect([et['IFD0:Orientation'], et['IFD0:ImageDescription'], et['IFD0:Artist'], et['IFD0:Copyright'], et['ExifIFD:DateTimeOriginal'], et['IFD0:Make']]).toEqual([6, 'Ships in the harbour', 'A. Photographer', 'Reuters', '2023:04:12 10:30:00', undefined]);
  });

  it('reads nothing of an IFD cut short (it claims 40 entries), as ExifTool ("Bad IFD0 directory")', async () => {
    const block = tiff([[0x0112, 3, 1, Buffer.from([0, 8, 0, 0])], [0x013b, 2, 3, Buffer.from('AB\0\0')]], []);
    block.writeUInt16BE(40, 8); // IFD0's entry count; the block ends after its three entries (with the Exif pointer)
    const file = path.join(dir, 'short-ifd.jpg');
    const base = readFileSync(await makeJpeg(path.join(dir, 'base.jpg'), 64, 48));
    writeFileSync(file, insertSegments(base, [appSegment(1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), block.subarray(0, 8 + 2 + 3 * 12)]))]));
    const r = await readMetadata(file);
    const et = readTags(file);
    expect([r.orientation, r.creator]).toEqual([null, []]);
    expect([et['IFD0:Orientation'], et['IFD0:Artist'], et['ExifTool:Warning']]).toEqual([undefined, undefined, 'Bad IFD0 directory']);
  });
});
