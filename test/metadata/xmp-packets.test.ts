import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMetadata } from '../../src/index.js';
import { readTags, writeTags } from '../helpers/exiftool.js';
import { app1Xmp, appSegment, insertSegments, makeJpeg, put } from '../helpers/fixtures.js';
import { outputDir } from '../helpers/paths.js';

const dir = outputDir('xmp-packets');
let base: Buffer;

const packet = (body: string, ns = ''): string =>
  `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:xmpNote="http://ns.adobe.com/xmp/note/"${ns}>${body}</rdf:Description></rdf:RDF></x:xmpmeta>`;
const alt = (tag: string, v: string): string => `<${tag}><rdf:Alt><rdf:li xml:lang="x-default">${v}</rdf:li></rdf:Alt></${tag}>`;

/** Extended XMP APP1 segments: the packet cut into `parts` slices, each framed with the GUID, size and offset. */
function extendedSegments(xml: string, parts: number): { guid: string; segments: Buffer[] } {
  const body = Buffer.from(xml, 'utf8');
  const guid = createHash('md5').update(body).digest('hex').toUpperCase();
  const size = Math.ceil(body.length / parts);
  const segments: Buffer[] = [];
  for (let off = 0; off < body.length; off += size) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.writeUInt32BE(off, 4);
    segments.push(appSegment(1, Buffer.concat([Buffer.from('http://ns.adobe.com/xmp/extension/\0', 'latin1'), Buffer.from(guid, 'latin1'), head, body.subarray(off, off + size)])));
  }
  return { guid, segments };
}

beforeAll(async () => {
  base = readFileSync(await makeJpeg(path.join(dir, 'base.jpg'), 64, 48));
});

describe('XMP packets, Extended XMP and GIF XMP', () => {
  it('merges two standard packets as ExifTool does: the later one wins, earlier-only properties stay', async () => {
    const first = packet(alt('dc:description', 'Old caption, before the agency corrected it') + '<photoshop:Credit>Getty Images</photoshop:Credit><photoshop:City>Kyiv</photoshop:City>');
    const second = packet(alt('dc:description', 'Corrected caption: the minister, not his deputy') + '<photoshop:Credit>Getty Images</photoshop:Credit>');
    const file = put(path.join(dir, 'two-packets.jpg'), insertSegments(base, [app1Xmp(first), app1Xmp(second)]));
    const m = await readMetadata(file);
    const et = readTags(file);
    expect(m.caption).toBe('Corrected caption: the minister, not his deputy');
    expect(m.caption).toBe(et['XMP-dc:Description']);
    expect(m.city).toBe('Kyiv');
    expect(m.city).toBe(et['XMP-photoshop:City']);
  });

  it("reads a packet in its xpacket wrapper with writers' padding, and a value holding the wrapper's own text, as ExifTool does", async () => {
    const begin = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n';
    const end = '<?xpacket end="w"?>';
    const padded = begin + packet(alt('dc:description', 'Padded caption') + '<photoshop:City>Dakar</photoshop:City>') + `\n${' '.repeat(99)}\n`.repeat(40) + end;
    // No trailer, and a value's CDATA holds the trailer's text: cutting there would lose the closing tags.
    const tricky = begin + packet(`<photoshop:Credit>AFP</photoshop:Credit><photoshop:Instructions><![CDATA[Keep the tag ${end}]]></photoshop:Instructions>`);
    for (const [name, xml] of [['padded', padded], ['tricky', tricky]] as const) {
      const file = put(path.join(dir, `wrapped-${name}.jpg`), insertSegments(base, [app1Xmp(xml)]));
      const m = await readMetadata(file);
      const et = readTags(file);
      expect(m.warnings.map((w) => w.code), name).not.toContain('XMP_MALFORMED');
      if (name === 'padded') {
        expect([m.caption, m.city]).toEqual(['Padded caption', 'Dakar']);
        expect([m.caption, m.city]).toEqual([et['XMP-dc:Description'], et['XMP-photoshop:City']]);
      } else {
        expect([m.credit, m.instructions]).toEqual(['AFP', `Keep the tag ${end}`]);
        expect([m.credit, m.instructions]).toEqual([et['XMP-photoshop:Credit'], et['XMP-photoshop:Instructions']]);
      }
    }
  });

  it('joins Extended XMP parts named by the main packet, in any order, and reads their properties', async () => {
    const longCaption = 'Долгая подпись. '.repeat(300).trim();
    const ext = packet(alt('dc:description', longCaption) + alt('dc:title', 'Заголовок'));
    const { guid, segments } = extendedSegments(ext, 3);
    const main = packet(`<photoshop:Credit>РИА Новости</photoshop:Credit><xmpNote:HasExtendedXMP>${guid}</xmpNote:HasExtendedXMP>`);
    const file = put(path.join(dir, 'extended.jpg'), insertSegments(base, [app1Xmp(main), segments[2]!, segments[0]!, segments[1]!]));
    const m = await readMetadata(file);
    const et = readTags(file);
    expect(m.caption).toBe(longCaption);
    expect(m.caption).toBe(et['XMP-dc:Description']);
    expect(m.title).toBe('Заголовок');
    expect(m.credit).toBe('РИА Новости');
    expect(m.warnings).toEqual([]);
  });

  it('leaves out Extended XMP with a missing part or a GUID nobody named, with a warning for the first', async () => {
    const ext = packet(alt('dc:description', 'x'.repeat(3000)));
    const { guid, segments } = extendedSegments(ext, 3);
    const main = packet(`<xmpNote:HasExtendedXMP>${guid}</xmpNote:HasExtendedXMP>`);
    const missing = await readMetadata(put(path.join(dir, 'extended-missing.jpg'), insertSegments(base, [app1Xmp(main), segments[0]!, segments[2]!])));
    expect(missing.caption).toBeNull();
    expect(missing.warnings.map((w) => w.code)).toContain('XMP_MALFORMED');
    const unnamed = await readMetadata(put(path.join(dir, 'extended-unnamed.jpg'), insertSegments(base, [app1Xmp(packet('')), ...segments])));
    expect(unnamed.caption).toBeNull();
  });

  it('reads the XMP of a GIF (ExifTool writes it; libvips does not read it)', async () => {
    const gif = path.join(dir, 'photo.gif');
    await sharp(base).gif().toFile(gif);
    writeTags(gif, { 'XMP-dc:Description': 'Митинг в Минске', 'XMP-photoshop:Credit': 'Sputnik' });
    const m = await readMetadata(gif);
    expect(m.caption).toBe('Митинг в Минске');
    expect(m.credit).toBe(readTags(gif)['XMP-photoshop:Credit']);
  });
});
