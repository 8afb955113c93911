import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readMetadata, type PhotoMetadata } from '../../src/index.js';
import { writeTags } from '../helpers/exiftool.js';
import { app1Xmp, appSegment, insertSegments, makeJpeg, minimalZip, pngChunk } from '../helpers/fixtures.js';
import { CORPUS, corpusMissingMessage, outputDir } from '../helpers/paths.js';

/*
 * Metadata alone (`hash: false`, what `photodesk validate` reads) takes a baseline JPEG's start and end, not
 * its pixels; with the hash, the whole file is read. Either way, the record from the path must be the one
 * the whole file in memory gives, hash included.
 */
const dir = outputDir('head-read');
if (!CORPUS) corpusMissingMessage(); // and the corpus test below is reported as skipped

async function bothWays(file: string, hash: boolean): Promise<[PhotoMetadata | string, PhotoMetadata | string]> {
  const read = (input: string | Buffer) => readMetadata(input, { hash, name: file }).catch((e: { code?: string }) => `error ${e.code}`);
  return [await read(file), await read(readFileSync(file))];
}

describe('metadata from the start and end of a JPEG', () => {
  it('gives the record of the whole file: plain, truncated, trailing data, zero padding, metadata past 16 and 128 KiB, progressive', async () => {
    const base = await makeJpeg(path.join(dir, 'base.jpg'), 3000, 2000);
    writeTags(base, { 'IPTC:Credit': 'Reuters', 'IPTC:Caption-Abstract': 'Ships in the harbour', 'XMP-dc:Creator': 'A. Photographer', 'IPTC:CodedCharacterSet': 'UTF8' });
    const bytes = readFileSync(base);
    expect(bytes.length).toBeGreaterThan(300 * 1024); // larger than what the metadata read takes from its start
    const progressive = await makeJpeg(path.join(dir, 'progressive.jpg'), 3000, 2000, { progressive: true });
    writeTags(progressive, { 'IPTC:Credit': 'Reuters' });
    const lateCredit = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Late credit"/></rdf:RDF></x:xmpmeta>';
    const junk = Array.from({ length: 3 }, (_, i) => appSegment(2, Buffer.alloc(60_000, i + 1)));
    const cases: Record<string, Buffer> = {
      'plain.jpg': bytes,
      'truncated.jpg': bytes.subarray(0, bytes.length - 5000),
      'trailing-zip.jpg': Buffer.concat([bytes, minimalZip()]),
      'zero-padded.jpg': Buffer.concat([bytes, Buffer.alloc(300)]),
      'metadata-past-16k.jpg': insertSegments(bytes, [appSegment(2, Buffer.alloc(30_000, 7)), app1Xmp(lateCredit)]),
      'metadata-past-128k.jpg': insertSegments(bytes, [...junk, app1Xmp(lateCredit)]),
      'progressive.jpg': readFileSync(progressive),
    };
    const seen: Record<string, { size: number; credit: string | null; warnings: string[] }> = {};
    for (const [name, data] of Object.entries(cases)) {
      const file = path.join(dir, name);
      writeFileSync(file, data);
      const [fromPath, fromBytes] = await bothWays(file, false);
      expect(fromPath, name).toEqual(fromBytes);
      const [hashed, hashedFromBytes] = await bothWays(file, true);
      expect(hashed, `${name}, hashed`).toEqual(hashedFromBytes);
      expect((hashed as PhotoMetadata).sha256, name).toBe(createHash('sha256').update(data).digest('hex'));
      const r = fromPath as PhotoMetadata;
      seen[name] = { size: r.bytes, credit: r.credit, warnings: r.warnings.map((w) => w.code) };
      expect(r.bytes, name).toBe(data.length); // the file's size, not the bytes read
    }
    expect(seen['plain.jpg']!.credit).toBe('Reuters');
    expect(seen['truncated.jpg']!.warnings).toContain('JPEG_TRUNCATED');
    expect(seen['trailing-zip.jpg']!.warnings).toContain('TRAILING_DATA');
    expect(seen['zero-padded.jpg']!.warnings).toEqual(seen['plain.jpg']!.warnings);
    expect(seen['metadata-past-16k.jpg']!.credit).toBe('Late credit');
    expect(seen['metadata-past-128k.jpg']!.credit).toBe('Late credit');
    expect(seen['progressive.jpg']!.credit).toBe('Reuters');
  });

  it("gives the whole file's record, or its refusal, when the start does not tell what the file is", async () => {
    const xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Reuters"/></rdf:RDF></x:xmpmeta>';
    const raw = Buffer.alloc(200 * 200 * 3, 128);
    // libtiff writes the first directory after the pixels: file-type cannot tell a TIFF from its first 16 KiB.
    const tiff = await sharp(raw, { raw: { width: 200, height: 200, channels: 3 } }).withXmp(xmp).tiff({ compression: 'none' }).toBuffer();
    expect(tiff.readUInt32LE(4)).toBeGreaterThan(100_000);
    // An animation chunk past 20 KB of text: the first 16 KiB say PNG, the whole file APNG.
    const png = await sharp(raw, { raw: { width: 200, height: 200, channels: 3 } }).png().toBuffer();
    const actl = Buffer.alloc(8);
    actl.writeUInt32BE(1, 0);
    const apng = Buffer.concat([png.subarray(0, 33), pngChunk('tEXt', Buffer.from(`Comment\0${'x'.repeat(20_000)}`, 'latin1')), pngChunk('acTL', actl), png.subarray(33)]);
    const cases: Record<string, Buffer> = {
      'directory-at-end.tif': tiff,
      'late-animation.png': apng,
      'text.tif': Buffer.from('plain text, '.repeat(20_000)),
      'tiff-start-not-a-tiff.tif': Buffer.concat([Buffer.from('II*\0', 'latin1'), Buffer.alloc(4, 0xff), Buffer.alloc(200_000, 7)]),
    };
    const seen: Record<string, PhotoMetadata | string> = {};
    for (const [name, data] of Object.entries(cases)) {
      const file = path.join(dir, name);
      writeFileSync(file, data);
      const [fromPath, fromBytes] = await bothWays(file, false);
      expect(fromPath, name).toEqual(fromBytes);
      seen[name] = fromPath;
    }
    const tif = seen['directory-at-end.tif'] as PhotoMetadata;
    expect([tif.format, tif.width, tif.credit]).toEqual(['tiff', 200, 'Reuters']);
    expect((seen['late-animation.png'] as PhotoMetadata).animated).toBe(true);
    expect(seen['text.tif']).toBe('error UNSUPPORTED_TYPE');
    expect(seen['tiff-start-not-a-tiff.tif']).toBe('error UNSUPPORTED_TYPE');
  });

  it.skipIf(!CORPUS)('gives the record of the whole file for every photo of the shared corpus', async () => {
    const files = readdirSync(CORPUS!, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !/\.(json|tsv|md|txt)$/i.test(e.name)).map((e) => path.join(e.parentPath, e.name));
    expect(files.length).toBeGreaterThan(300);
    let large = 0;
    for (const file of files) {
      for (const hash of [false, true]) {
        const [fromPath, fromBytes] = await bothWays(file, hash);
        expect(fromPath, `${file}, hash ${hash}`).toEqual(fromBytes);
      }
      if (statSync(file).size > 300 * 1024) large++;
    }
    expect(large).toBeGreaterThan(10);
  });
});
