import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDesk, createLocalStorage, readMetadata, resolvePolicy, type PhotoMetadata } from '../../src/index.js';
import { PUBLIC_FIELDS, type FieldRow } from '../../src/metadata/fields.js';
import type { StructSchema } from '../../src/metadata/structs.js';
import { runCli } from '../helpers/cli.js';
import { PLUS_CONFIG, exiftool } from '../helpers/exiftool.js';
import { makeJpeg } from '../helpers/fixtures.js';
import { ROWS, etTag, exifToolValue, recordValue, same } from '../helpers/iptc.js';
import { outputDir } from '../helpers/paths.js';
import { DESK_CONFIG } from '../helpers/policy.js';

/**
 * The whole record, in and out: a photo whose every field of the table ExifTool wrote (XMP, IIM in UTF-8 and,
 * for the English one, EXIF) is published with every public field embedded; ExifTool, with MWG precedence,
 * reads back from each rendition exactly the corrected public record, photodesk's own reader finds no
 * conflict, and no private value is anywhere in the bytes.
 */
const dir = outputDir('iptc-roundtrip');

/** ExifTool's IPTC tag for each IIM dataset of the table. */
const IIM_TAG: Record<string, string> = {
  '2:110': 'Credit', '2:80': 'By-line', '2:85': 'By-lineTitle', '2:120': 'Caption-Abstract', '2:105': 'Headline', '2:5': 'ObjectName',
  '2:116': 'CopyrightNotice', '2:115': 'Source', '2:40': 'SpecialInstructions', '2:25': 'Keywords', '2:92': 'Sub-location', '2:90': 'City',
  '2:95': 'Province-State', '2:101': 'Country-PrimaryLocationName', '2:100': 'Country-PrimaryLocationCode', '2:122': 'Writer-Editor', '2:103': 'OriginalTransmissionReference',
};

/** Values ExifTool checks (numbers, dates, vocabularies), by field path. Everything else is generated text. */
const FIXED: Record<string, unknown> = {
  maxAvailWidth: 4000,
  maxAvailHeight: 3000,
  modelAge: ['25', '31'],
  countryCode: 'RUS',
  digitalSourceType: 'digitalCapture',
  dataMining: 'DMI-PROHIBITED-AIMLTRAINING',
  modelReleaseStatus: 'MR-NON',
  propertyReleaseStatus: 'PR-NON',
  minorModelAgeDisclosure: 'AG-A18',
  'artwork.dateCreated': '1916:10:26 12:13:14+00:00',
  iptcLastEdited: '2023:04:13 08:00:00+00:00',
  'licensor.telephoneType1': null,
  'licensor.telephoneType2': null,
  'imageRegions.boundary': { shape: 'rectangle', unit: 'relative', x: '0.25', y: '0.3', w: '0.5', h: '0.4', rx: null, vertices: [] },
};

/** A value for every field of a schema (or row), unique to its path, in the given language. */
function valueFor(pathName: string, kind: FieldRow['kind'], schema: StructSchema | undefined, word: string): unknown {
  if (pathName in FIXED) return FIXED[pathName];
  switch (kind) {
    case 'text':
    case 'langAlt':
      return `${word} ${pathName}`;
    case 'integer':
      return 7;
    case 'seq':
    case 'bag':
      return [`${word} ${pathName} 1`, `${word} ${pathName} 2`];
    case 'struct':
      return Object.fromEntries(Object.entries(schema!).map(([k, f]) => [k, valueFor(`${pathName}.${k}`, f.kind, f.struct, word)]));
    case 'structs':
      return [valueFor(pathName, 'struct', schema, word)];
  }
}

/** ExifTool's struct notation: {Field=value,List=[a,b],Sub={...}} with ExifTool's field names. */
function structArg(value: Record<string, unknown>, schema: StructSchema): string {
  const parts: string[] = [];
  for (const [k, f] of Object.entries(schema)) {
    const v = value[k];
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    const name = f.xmp.split(':')[1]!.replace(/^./, (c) => c.toUpperCase());
    if (f.kind === 'struct') parts.push(`${name}=${structArg(v as Record<string, unknown>, f.struct!)}`);
    else if (f.kind === 'structs') parts.push(`${name}=[${(v as Record<string, unknown>[]).map((i) => structArg(i, f.struct!)).join(',')}]`);
    else if (Array.isArray(v)) parts.push(`${name}=[${v.join(',')}]`);
    else parts.push(`${name}=${String(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/** Writes every row of the table (and the IIM and EXIF copies) into `file` with ExifTool. */
function writeWholeRecord(file: string, word: string, exif: boolean): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const args = ['-overwrite_original', '-IPTC:CodedCharacterSet=UTF8', '-XMP-photoshop:DateCreated=2023:04:12 10:30:00+03:00', '-IPTC:DateCreated=2023:04:12', '-IPTC:TimeCreated=10:30:00+03:00'];
  for (const row of ROWS) {
    if (row.special) continue;
    const v = valueFor(row.key, row.kind, row.struct, word);
    values[row.key] = v;
    const tag = etTag(row) + (row.code ? '#' : '');
    if (row.kind === 'structs') for (const item of v as Record<string, unknown>[]) args.push(`-${tag}+=${structArg(item, row.struct!)}`);
    else if (row.kind === 'struct') args.push(`-${tag}=${structArg(v as Record<string, unknown>, row.struct!)}`);
    else if (Array.isArray(v)) for (const item of v) args.push(`-${tag}+=${item}`);
    else args.push(`-${tag}=${row.code ? `${row.code}${String(v)}` : String(v)}`);
    if (row.iim) for (const item of Array.isArray(v) ? v : [v]) args.push(`-IPTC:${IIM_TAG[row.iim.id]}${Array.isArray(v) ? '+' : ''}=${String(item)}`);
  }
  if (exif) {
    args.push(`-EXIF:Artist=${(values.creator as string[]).join('; ')}`, `-EXIF:Copyright=${String(values.copyright)}`, `-EXIF:ImageDescription=${String(values.caption)}`);
  }
  args.push('-EXIF:GPSLatitude=55.7512', '-EXIF:GPSLatitudeRef=N', '-EXIF:GPSLongitude=37.6184', '-EXIF:GPSLongitudeRef=E', '-EXIF:SerialNumber=SN-PRIVATE-0042', '-EXIF:Make=Canon', '-EXIF:Model=EOS PRIVATE-R5');
  args.push('-m', file); // -m: IIM values past their limit are cut, as real writers do
  exiftool(args, PLUS_CONFIG);
  return values;
}

/** The private values of a record as text long enough to search for in bytes. */
function privateStrings(values: Record<string, unknown>): string[] {
  const out: string[] = ['SN-PRIVATE-0042', 'EOS PRIVATE-R5', '55.7512', '37.6184'];
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && v.length >= 8) out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const row of ROWS) if (!row.public) walk(values[row.key]);
  return out;
}

/** The bytes from the first start-of-scan marker on: the compressed picture. */
function scanOf(jpeg: Buffer): Buffer {
  let pos = 2;
  while (jpeg[pos + 1] !== 0xda) pos += 2 + jpeg.readUInt16BE(pos + 2);
  return jpeg.subarray(pos);
}

/** A desk copy carries the original's pixels and the whole corrected record, as ExifTool reads it. */
function checkDeskCopy(original: string, copy: string, publicRecord: Record<string, unknown>, source: PhotoMetadata): void {
  expect(scanOf(readFileSync(copy)).equals(scanOf(readFileSync(original))), 'pixels untouched').toBe(true);
  const tags = JSON.parse(exiftool(['-json', '-struct', '-G1', '-n', '-XMP:all', '-IPTC:all', '-EXIF:all', '-File:CurrentIPTCDigest', '-Photoshop:IPTCDigest', copy], PLUS_CONFIG))[0] as Record<string, unknown>;
  for (const row of ROWS) {
    if (row.special) continue;
    const want = row.public ? publicRecord[row.key] : source[row.key];
    expect(same(exifToolValue(row, tags), recordValue(row, want)), `desk copy: ${row.key}`).toBe(true);
  }
  expect(tags['File:CurrentIPTCDigest']).toBe(tags['Photoshop:IPTCDigest']);
  // ExifTool's validator finds nothing the original did not have.
  const validate = (f: string) => (JSON.parse(exiftool(['-json', '-validate', '-warning', '-a', f]))[0] as Record<string, unknown>).Warning;
  expect(validate(copy)).toEqual(validate(original));
  expect(tags['IPTC:CodedCharacterSet']).toBe('\x1b%G');
  const mwg = JSON.parse(exiftool(['-json', '-n', '-use', 'MWG', '-MWG:Creator', '-MWG:Description', '-MWG:Copyright', '-MWG:City', copy]))[0] as Record<string, unknown>;
  const creators = publicRecord.creator as string[];
  expect(mwg.Creator, 'desk copy: MWG creator').toEqual(creators.length === 1 ? creators[0] : creators);
  expect(mwg.Description, 'desk copy: MWG description').toBe(publicRecord.caption);
  expect(mwg.Copyright, 'desk copy: MWG copyright').toBe(publicRecord.copyright);
}

describe('the whole IPTC record, in and out', () => {
  const cases = [
    { name: 'english', word: 'Value', exif: true },
    { name: 'russian', word: 'Значение', exif: false },
  ];
  const written = new Map<string, { file: string; values: Record<string, unknown> }>();

  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    for (const c of cases) {
      const file = await makeJpeg(path.join(dir, `${c.name}.jpg`), 900, 600);
      written.set(c.name, { file, values: writeWholeRecord(file, c.word, c.exif) });
    }
  }, 60_000);

  for (const c of cases) {
    it(`${c.name}: every field is read as ExifTool reads it, and every public one embedded exactly (ExifTool, -use MWG)`, async () => {
      const { file, values } = written.get(c.name)!;
      const source = await readMetadata(file);
      const sourceTags = JSON.parse(exiftool(['-json', '-struct', '-G1', '-n', '-XMP:all', file], PLUS_CONFIG))[0] as Record<string, unknown>;
      for (const row of ROWS) {
        if (row.special) continue;
        expect(same(recordValue(row, source[row.key]), exifToolValue(row, sourceTags)), `${row.key} read from the source`).toBe(true);
        expect(source[row.key], `${row.key} written`).not.toEqual(row.kind === 'seq' || row.kind === 'bag' || row.kind === 'structs' ? [] : null);
      }
      expect(source.warnings.filter((w) => w.code === 'METADATA_CONFLICT')).toEqual([]);

      const root = path.join(dir, `${c.name}-out`);
      const storage = createLocalStorage({ dir: path.join(root, 'public') });
      const desk = createDesk({ policy: DESK_CONFIG, storage, privateStorage: createLocalStorage({ dir: path.join(root, 'private') }), renditions: { widths: [320, 640], embed: [...PUBLIC_FIELDS], deskCopy: true } });
      const published = await desk.ingest(file, { override: true });
      expect(published.status).toBe('published');
      const manifest = JSON.parse(readFileSync(path.join(root, 'public', published.manifestKey), 'utf8')) as { iptc: Record<string, unknown>; altText: string };
      // The public record holds every public field and nothing private.
      for (const row of ROWS) {
        if (row.public) expect(manifest.iptc[row.key], row.key).toBeDefined();
        else expect(manifest.iptc[row.key], row.key).toBeUndefined();
      }
      expect(manifest.altText).toMatch(/, 640, 12\.04\.2023$/);

      const secrets = privateStrings(values);
      expect(published.renditions).toHaveLength(6);
      for (const r of published.renditions) {
        const out = path.join(root, 'public', r.key);
        const tags = JSON.parse(exiftool(['-json', '-struct', '-G1', '-n', '-XMP:all', '-EXIF:all', '-ICC_Profile:all', out], PLUS_CONFIG))[0] as Record<string, unknown>;
        for (const row of ROWS) {
          if (!row.public || row.special) continue;
          expect(same(exifToolValue(row, tags), recordValue(row, manifest.iptc[row.key])), `${r.key}: ${row.key}`).toBe(true);
        }
        const mwg = JSON.parse(exiftool(['-json', '-n', '-use', 'MWG', '-MWG:Creator', '-MWG:Description', '-MWG:Copyright', '-MWG:DateTimeOriginal', out]))[0] as Record<string, unknown>;
        const creators = manifest.iptc.creator as string[];
        expect(mwg.Creator, `${r.key}: MWG creator`).toEqual(creators.length === 1 ? creators[0] : creators);
        expect(mwg.Description, `${r.key}: MWG description`).toBe(manifest.iptc.caption);
        expect(mwg.Copyright, `${r.key}: MWG copyright`).toBe(manifest.iptc.copyright);
        expect(String(mwg.DateTimeOriginal)).toMatch(/^2023:04:12 10:30:00/);
        // EXIF only where ASCII holds the value; the pixels are sRGB and say so, with no profile.
        if (c.exif) expect(tags['IFD0:Artist'], r.key).toBe(creators.join('; '));
        else expect(tags['IFD0:Artist'], r.key).toBeUndefined();
        if (tags['ExifIFD:ColorSpace'] !== undefined) expect(tags['ExifIFD:ColorSpace'], r.key).toBe(1);
        expect(Object.keys(tags).filter((k) => k.startsWith('ICC')), r.key).toEqual([]);
        // Our own reader: the same values, no conflict between EXIF and XMP.
        const back = await readMetadata(out);
        expect(back.warnings.filter((w) => w.code === 'METADATA_CONFLICT'), r.key).toEqual([]);
        expect(back.caption).toBe(manifest.iptc.caption);
        expect(back.licensor).toEqual(manifest.iptc.licensor);
        // Nothing private in the bytes.
        const bytes = readFileSync(out).toString('latin1') + readFileSync(out).toString('utf8');
        for (const s of secrets) expect(bytes.includes(s), `${r.key} contains private "${s}"`).toBe(false);
      }
      // The desk copy: the original's pixels, the whole corrected record in XMP, IIM (with its digest) and
      // EXIF, as ExifTool with MWG precedence reads it.
      const deskCopy = path.join(root, 'private', 'photos', published.photoId, 'editions', `${published.editionId}.jpg`);
      checkDeskCopy(file, deskCopy, manifest.iptc, source);
      const corrected = await desk.correct(published.photoId, { caption: `${c.word}: the corrected caption, longer than the one the camera wrote`, creator: 'Анна Петрова' });
      const correctedCopy = path.join(root, 'private', 'photos', published.photoId, 'editions', `${corrected.editionId}.jpg`);
      const correctedManifest = JSON.parse(readFileSync(path.join(root, 'public', corrected.manifestKey), 'utf8')) as { iptc: Record<string, unknown> };
      expect(correctedManifest.iptc.caption).toBe(`${c.word}: the corrected caption, longer than the one the camera wrote`);
      checkDeskCopy(file, correctedCopy, correctedManifest.iptc, source);

      // And through the CLI, as a desk would check it.
      const jpeg = published.renditions.find((r) => r.format === 'jpeg')!;
      const cli = runCli(['inspect', '--json', path.join(root, 'public', jpeg.key)]);
      expect(cli.code).toBe(0);
      expect(cli.stdout).not.toContain('METADATA_CONFLICT');
      expect(cli.stdout).toContain(String(manifest.iptc.headline));
    }, 120_000);
  }

  it('embeds the default set without caption or anything private, and refuses a private field in renditions.embed', async () => {
    const { file } = written.get('russian')!;
    const root = path.join(dir, 'default-out');
    const desk = createDesk({ policy: DESK_CONFIG, storage: createLocalStorage({ dir: path.join(root, 'public') }), privateStorage: createLocalStorage({ dir: path.join(root, 'private') }), renditions: { widths: [320], formats: ['jpeg'] } });
    const published = await desk.ingest(file, { override: true });
    const tags = JSON.parse(exiftool(['-json', '-struct', '-G1', '-n', '-XMP:all', path.join(root, 'public', published.renditions[0]!.key)]))[0] as Record<string, unknown>;
    expect(tags['XMP-dc:Description']).toBeUndefined();
    expect(tags['XMP-photoshop:Headline']).toBeUndefined();
    expect(tags['XMP-dc:Creator']).toBeDefined();
    expect(tags['XMP-plus:Licensor']).toBeDefined();
    expect(tags['XMP-iptcExt:LocationCreated']).toBeDefined();
    expect(tags['XMP-iptcExt:DigitalSourceType']).toBe('http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture');
    expect(tags['XMP-photoshop:Instructions']).toBeUndefined();
    expect(() => resolvePolicy({ ...DESK_CONFIG, renditions: { embed: ['caption', 'instructions'] } })).toThrow(/renditions\.embed\[1\]: "instructions" is private/);
    expect(() => resolvePolicy({ ...DESK_CONFIG, renditions: { embed: ['licenser'] } })).toThrow(/unknown field "licenser" \(did you mean "licensor"\?\)/);
  }, 60_000);
});
