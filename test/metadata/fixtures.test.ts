import { FIELDS } from '../../src/metadata/fields.js';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PhotodeskError, readMetadata } from '../../src/index.js';
import { readTags, writeTags } from '../helpers/exiftool.js';
import { app13, app1Xmp, iimBlock, insertSegments, makeJpeg, minimalZip, put } from '../helpers/fixtures.js';
import { outputDir } from '../helpers/paths.js';

const dir = outputDir('metadata');
const CAPTION_RU = 'Министр обороны России С. Шойгу во время визита в Белоруссию';
const CREDIT_RU = 'Минобороны России';
let base: string;

/** A copy of the base JPEG with ExifTool-written tags. */
function withTags(name: string, tags: Record<string, string | string[]>, extra: string[] = []): string {
  const file = path.join(dir, name);
  copyFileSync(base, file);
  writeTags(file, tags, extra);
  return file;
}

beforeAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  base = await makeJpeg(path.join(dir, 'base.jpg'), 80, 60);
});

describe('IIM character sets (fixtures written by ExifTool)', () => {
  it('reads a Cyrillic caption in UTF-8 declared by 1:90', async () => {
    const file = withTags('ru-utf8-190.jpg', { 'IPTC:Caption-Abstract': CAPTION_RU, 'IPTC:Credit': 'Спутник' }, ['-IPTC:CodedCharacterSet=UTF8']);
    expect(readTags(file)['IPTC:CodedCharacterSet']).toBe('\x1b%G');
    const m = await readMetadata(file);
    expect(m.caption).toBe(CAPTION_RU);
    expect(m.credit).toBe('Спутник');
    expect(m.provenance.caption).toBe('iim');
    expect(m.warnings).toEqual([]);
  });

  it('drops the half character of a UTF-8 credit cut at 32 bytes, and says the IIM-only value is probably cut', async () => {
    // "Минобороны России" is 33 bytes in UTF-8. A plain writer cuts it to 32, inside the last letter...
    const cut = Buffer.from(CREDIT_RU, 'utf8').subarray(0, 32);
    const own = put(path.join(dir, 'ru-cut-own.jpg'), insertSegments(readFileSync(base), [app13(iimBlock([[2, 110, cut]]))]));
    const m = await readMetadata(own);
    expect(m.credit).toBe('Минобороны Росси');
    expect(m.warnings.map((w) => w.code)).toEqual(['IIM_TRUNCATED']);
    // ...ExifTool cuts it too, and replaces the dangling byte with a '.'.
    const file = withTags('ru-cut.jpg', { 'IPTC:Credit': CREDIT_RU }, ['-IPTC:CodedCharacterSet=UTF8']);
    const e = await readMetadata(file);
    expect(e.credit).toBe('Минобороны Росси.');
    expect(e.warnings.map((w) => w.code)).toEqual(['IIM_TRUNCATED']);
  });

  it('reads undeclared IIM that is valid UTF-8 as UTF-8, where ExifTool shows Latin-1 mojibake', async () => {
    const file = withTags('ru-utf8-undeclared.jpg', { 'IPTC:Caption-Abstract': CAPTION_RU }, ['-charset', 'iptc=utf8']);
    const tags = readTags(file);
    expect(tags['IPTC:CodedCharacterSet']).toBeUndefined();
    expect(tags['IPTC:Caption-Abstract']).not.toBe(CAPTION_RU); // ExifTool reads undeclared IIM as Latin
    const m = await readMetadata(file);
    expect(m.caption).toBe(CAPTION_RU);
    expect(m.warnings.map((w) => w.code)).not.toContain('IIM_CHARSET_ASSUMED');
  });

  it('reads undeclared cp1251 IIM with legacyCharset windows-1251, and warns that a charset was assumed', async () => {
    const file = withTags('ru-cp1251.jpg', { 'IPTC:Caption-Abstract': CAPTION_RU, 'IPTC:By-line': 'Вадим Савицкий' }, ['-charset', 'iptc=cp1251']);
    // The bytes on disk really are cp1251: one byte per Cyrillic letter, no 1:90.
    expect(readFileSync(file).includes(Buffer.from([0xcc, 0xe8, 0xed, 0xe8, 0xf1, 0xf2, 0xf0]))).toBe(true);
    const m = await readMetadata(file, { legacyCharset: 'windows-1251' });
    expect(m.caption).toBe(CAPTION_RU);
    expect(m.creator).toEqual(['Вадим Савицкий']);
    expect(m.warnings.map((w) => w.code)).toContain('IIM_CHARSET_ASSUMED');
    const latin = await readMetadata(file);
    expect(latin.caption).not.toBe(CAPTION_RU); // the default (cp1252) cannot know; the desk must say
  });

  it('refuses an unknown legacy charset with INVALID_CONFIG', async () => {
    await expect(readMetadata(base, { legacyCharset: 'klingon' })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });

  it('reads an IIM block written by our own writer: cp1251 credit, UTF-8 caption, both undeclared', async () => {
    const iim = iimBlock([
      [2, 0, Buffer.from([0, 4])],
      [2, 110, new TextDecoder('windows-1251').decode(Buffer.from(CREDIT_RU, 'utf8')) && Buffer.from([0xcc, 0xe8, 0xed, 0xee, 0xe1, 0xee, 0xf0, 0xee, 0xed, 0xfb, 0x20, 0xd0, 0xee, 0xf1, 0xf1, 0xe8, 0xe8])],
      [2, 120, CAPTION_RU],
    ]);
    const file = put(path.join(dir, 'own-iim.jpg'), insertSegments(readFileSync(base), [app13(iim)]));
    const m = await readMetadata(file, { legacyCharset: 'windows-1251' });
    expect(m.credit).toBe(CREDIT_RU);
    expect(m.caption).toBe(CAPTION_RU);
    expect(readTags(file)['IPTC:Caption-Abstract']).toBeDefined(); // ExifTool finds the block we wrote
  });
});

describe('MWG reconciliation of EXIF, IIM and XMP', () => {
  it('takes the full XMP value when IIM holds it cut at 32 bytes', async () => {
    const full = '© Photo Russian Defence Ministry / Go to the mediabank';
    const file = withTags('cut-credit.jpg', { 'XMP-photoshop:Credit': full, 'IPTC:Credit': full }, ['-IPTC:CodedCharacterSet=UTF8']);
    const tags = readTags(file);
    expect(Buffer.byteLength(String(tags['IPTC:Credit']))).toBeLessThanOrEqual(32); // ExifTool cut it, as IIM demands
    const m = await readMetadata(file);
    expect(m.credit).toBe(full);
    expect(m.provenance.credit).toBe('xmp');
    expect(m.warnings.filter((w) => w.code === 'METADATA_CONFLICT')).toEqual([]);
  });

  it('prefers XMP when the IPTC digest matches, IIM when IIM was edited later, and warns of the disagreement', async () => {
    const synced = withTags('synced.jpg', { 'XMP-photoshop:Headline': 'XMP headline', 'IPTC:Headline': 'XMP headline' });
    const m1 = await readMetadata(synced);
    expect([m1.headline, m1.provenance.headline]).toEqual(['XMP headline', 'xmp']);

    const edited = withTags('edited.jpg', { 'XMP-photoshop:Headline': 'Old XMP headline', 'IPTC:Headline': 'New IIM headline', 'Photoshop:IPTCDigest': 'new' });
    // An old, IIM-only editor changes the IIM afterwards without touching the digest.
    writeTags(edited, { 'IPTC:Headline': 'Newer IIM headline' }, ['-Photoshop:IPTCDigest<Photoshop:IPTCDigest']);
    const t = readTags(edited);
    expect(t['Photoshop:IPTCDigest']).not.toBe(t['File:CurrentIPTCDigest']);
    const m2 = await readMetadata(edited);
    expect([m2.headline, m2.provenance.headline]).toEqual(['Newer IIM headline', 'iim']);
    expect(m2.warnings.find((w) => w.code === 'METADATA_CONFLICT')?.message).toMatch(/^headline: IIM has "Newer IIM headline" and XMP has "Old XMP headline"/);
  });

  it('takes EXIF first for caption, creator and copyright, splitting EXIF Artist on semicolons', async () => {
    const file = withTags('exif-first.jpg', {
      'EXIF:ImageDescription': 'EXIF caption',
      'EXIF:Artist': 'Anna Petrova; Ivan Petrov',
      'EXIF:Copyright': '© 2023 Agency',
      'XMP-dc:Description': 'EXIF caption',
      'XMP-dc:Creator': ['Anna Petrova', 'Ivan Petrov'],
    });
    const m = await readMetadata(file);
    expect(m.caption).toBe('EXIF caption');
    expect(m.creator).toEqual(['Anna Petrova', 'Ivan Petrov']);
    expect(m.copyright).toBe('© 2023 Agency');
    expect(m.provenance).toMatchObject({ caption: 'exif', creator: 'exif', copyright: 'exif' });
  });
});

describe('XMP read with an XML parser', () => {
  it('decodes entities, keeps number-like strings as strings and one-item lists as lists', async () => {
    const file = withTags('xmp-shapes.jpg', {
      'XMP-photoshop:Credit': 'Smith & Sons <Photo>',
      'XMP-photoshop:Headline': '2024',
      'XMP-dc:Creator': ['Anna Petrova'],
      'XMP-dc:Subject': ['007'],
      'XMP-dc:Title': 'A "quoted" title',
    });
    const m = await readMetadata(file);
    expect(m.credit).toBe('Smith & Sons <Photo>');
    expect(m.headline).toBe('2024');
    expect(m.creator).toEqual(['Anna Petrova']);
    expect(m.keywords).toEqual(['007']);
    expect(m.title).toBe('A "quoted" title');
  });

  it('never expands entities: an entity bomb in XMP is a warning, not an expansion or a hang', async () => {
    const bomb = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Source="Agency"><photoshop:Credit>&d;&xxe;</photoshop:Credit></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
    const file = put(path.join(dir, 'xmp-bomb.jpg'), insertSegments(readFileSync(base), [app1Xmp(bomb)]));
    const m = await readMetadata(file);
    expect(m.credit).toBeNull();
    expect(m.source).toBe('Agency');
    expect(m.warnings.map((w) => w.code)).toContain('XMP_MALFORMED');
    expect(JSON.stringify(m)).not.toContain('root:');
  });

  it('reads the digital source type, web statement, usage terms, location and date', async () => {
    const file = withTags('xmp-rights.jpg', {
      'XMP-iptcExt:DigitalSourceType': 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
      'XMP-xmpRights:WebStatement': 'https://example.org/licence',
      'XMP-xmpRights:UsageTerms': 'Editorial use only',
      'XMP-photoshop:City': 'Минск',
      'XMP-photoshop:Country': 'Belarus',
      'XMP-iptcCore:CountryCode': 'BLR',
      'XMP-photoshop:DateCreated': '2023-04-12T10:20:30+03:00',
    });
    const m = await readMetadata(file);
    expect(m.digitalSourceType).toBe('trainedAlgorithmicMedia');
    expect(m.webStatement).toBe('https://example.org/licence');
    expect(m.usageTerms).toBe('Editorial use only');
    expect([m.city, m.country, m.countryCode]).toEqual(['Минск', 'Belarus', 'BLR']);
    expect(m.dateCreated).toBe('2023-04-12T10:20:30+03:00');
  });
});

describe('EXIF details', () => {
  it('reads GPS, camera serial number, lens and the original date with its offset', async () => {
    const file = withTags('gps.jpg', {
      'EXIF:GPSLatitude': '53.9',
      'EXIF:GPSLatitudeRef': 'N',
      'EXIF:GPSLongitude': '27.5667',
      'EXIF:GPSLongitudeRef': 'W',
      'EXIF:GPSAltitude': '220',
      'EXIF:Make': 'Canon',
      'EXIF:Model': 'Canon EOS R5',
      'EXIF:SerialNumber': '012345678901',
      'EXIF:LensModel': 'RF24-70mm F2.8 L IS USM',
      'EXIF:DateTimeOriginal': '2023:04:12 10:20:30',
      'EXIF:OffsetTimeOriginal': '+03:00',
      'EXIF:Orientation#': '6',
    });
    const m = await readMetadata(file);
    expect(m.gps?.lat).toBeCloseTo(53.9, 5);
    expect(m.gps?.lon).toBeCloseTo(-27.5667, 4);
    expect(m.gps?.alt).toBe(220);
    expect(m.camera).toEqual({ make: 'Canon', model: 'Canon EOS R5', serialNumber: '012345678901', lens: 'RF24-70mm F2.8 L IS USM' });
    expect(m.dateCreated).toBe('2023-04-12T10:20:30+03:00');
    expect([m.orientation, m.width, m.height, m.displayWidth, m.displayHeight]).toEqual([6, 80, 60, 60, 80]);
  });
});

describe('damaged and hostile files', () => {
  it('reads the metadata of a JPEG truncated mid-scan and warns that the picture is incomplete', async () => {
    const file = withTags('to-truncate.jpg', { 'IPTC:Credit': 'Reuters' });
    const whole = readFileSync(file);
    const cut = put(path.join(dir, 'truncated.jpg'), whole.subarray(0, whole.length - 200));
    const m = await readMetadata(cut);
    expect(m.credit).toBe('Reuters');
    expect(m.warnings.map((w) => w.code)).toContain('JPEG_TRUNCATED');
    expect((await readMetadata(file)).warnings.map((w) => w.code)).not.toContain('JPEG_TRUNCATED');
  });

  it('reads a JPEG+ZIP polyglot as a JPEG and warns of the trailing archive', async () => {
    const file = put(path.join(dir, 'polyglot.jpg'), Buffer.concat([readFileSync(base), minimalZip('payload.txt', 'not for publication')]));
    const m = await readMetadata(file);
    expect(m.format).toBe('jpeg');
    const w = m.warnings.find((x) => x.code === 'TRAILING_DATA');
    expect(w?.message).toMatch(/ZIP archive/);
  });

  it('gives every key of the contract, with null for absent values and arrays for lists', async () => {
    const m = await readMetadata(base);
    const header = ['file', 'format', 'mime', 'bytes', 'sha256', 'width', 'height', 'orientation', 'displayWidth', 'displayHeight', 'colorSpace', 'iccProfile', 'hasAlpha', 'animated'];
    const tail = ['gps', 'camera', 'c2pa', 'provenance', 'warnings'];
    expect(Object.keys(m)).toEqual([...header, ...FIELDS.map((r) => r.key), ...tail]);
    for (const r of FIELDS) expect(m[r.key], r.key).toEqual(r.kind === 'seq' || r.kind === 'bag' || r.kind === 'structs' ? [] : null);
    expect(Object.keys(m.provenance)).toEqual(FIELDS.filter((r) => ['text', 'langAlt', 'seq', 'bag'].includes(r.kind)).map((r) => r.key));
    expect([m.credit, m.caption, m.gps, m.orientation]).toEqual([null, null, null, null]);
    expect([m.creator, m.keywords, m.warnings]).toEqual([[], [], []]);
    expect(m.colorSpace).toBe('rgb');
  });

  it('refuses a non-photo with a typed error, also through readMetadata', async () => {
    const file = put(path.join(dir, 'text.jpg'), 'plain text');
    await expect(readMetadata(file)).rejects.toBeInstanceOf(PhotodeskError);
    await expect(readMetadata(file)).rejects.toMatchObject({ code: 'UNSUPPORTED_TYPE', file });
  });
});
