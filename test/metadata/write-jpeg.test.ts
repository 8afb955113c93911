import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetadata } from '../../src/index.js';
import { irbResource, irbResources } from '../../src/metadata/irb.js';
import { writeJpegMetadata } from '../../src/metadata/write-jpeg.js';
import { readJpegSegments } from '../../src/containers/jpeg-segments.js';
import { readTags } from '../helpers/exiftool.js';
import { appSegment, iimBlock, insertSegments, makeJpeg, put } from '../helpers/fixtures.js';
import { outputDir } from '../helpers/paths.js';

const dir = outputDir('write-jpeg');

describe('writing a record into a JPEG', () => {
  it('keeps the other Photoshop resources, even from an IRB split across two APP13 segments, and replaces IIM and digest', async () => {
    const base = readFileSync(await makeJpeg(path.join(dir, 'base.jpg'), 120, 80));
    const resolution = Buffer.from('0048000000010002004800000001000200', 'hex');
    const irb = Buffer.concat([irbResource(0x03ed, resolution), irbResource(0x0404, iimBlock([[2, 110, 'Old credit']]))]);
    const head = Buffer.from('Photoshop 3.0\0', 'latin1');
    const cut = 20; // inside the first resource's data
    const source = insertSegments(base, [appSegment(13, Buffer.concat([head, irb.subarray(0, cut)])), appSegment(13, Buffer.concat([head, irb.subarray(cut)]))]);
    const out = writeJpegMetadata(source, { credit: 'Минобороны России', caption: 'Учения' });
    const resources = irbResources(readJpegSegments(out).irb!);
    expect(resources.find((r) => r.id === 0x03ed)?.data.equals(resolution)).toBe(true);
    const iim = resources.find((r) => r.id === 0x0404)!.data;
    expect(resources.find((r) => r.id === 0x0425)!.data.toString('hex')).toBe(createHash('md5').update(iim).digest('hex'));
    const file = put(path.join(dir, 'written.jpg'), out);
    expect(await readMetadata(file)).toMatchObject({ credit: 'Минобороны России', caption: 'Учения', warnings: [] });
    // IIM Credit holds 32 bytes: the 33-byte Cyrillic credit is cut on a character boundary, XMP keeps it whole,
    // and readers (photodesk above, with no warning) take the whole one.
    expect(readTags(file)).toMatchObject({ 'IPTC:Credit': 'Минобороны Росси', 'XMP-photoshop:Credit': 'Минобороны России', 'IPTC:CodedCharacterSet': '\x1b%G' });
  });
});
