import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PhotodeskError, readMetadata, type PhotoMetadata } from '../../src/index.js';
import { FIELDS, agrees, comparable, position, reference, type ExifToolRecord, type Field } from '../helpers/exiftool-reference.js';
import { CORPUS, corpusMissingMessage } from '../helpers/paths.js';

const R_PIXEL_LIMIT_EXCEEDED = 'a pixel bomb: refused by the default pixel limit from its header alone, before anything else reads it (ExifTool only reads the header)';
const R_CORRUPT_IMAGE = 'damaged (fuzzed or truncated): no frame header gives a width and height, so ingest refuses it as CORRUPT_IMAGE, where ExifTool reports the type and a format error';
const R_UNSUPPORTED_TYPE = 'damaged PNG that does not start with IHDR: file-type does not recognise it, so it is refused as UNSUPPORTED_TYPE (ExifTool too says "PNG image did not start with IHDR")';
const R_NO_FIX = "GPS of 0,0: the placeholder phones write without a fix (\"null island\"), read as no position; ExifTool reports the numbers";
const R_HEIF_ITEM = 'fuzzed HEIF whose item references are broken: ExifTool takes the 240 x 160 thumbnail item; 1440 x 960 is the main image, as in the undamaged original cheers_1440x960.heic';

type Deliberate = { file: string; field: Field; ours: string | number | null; code?: string; reason: string };
const err = (file: string, field: Field, code: string, reason: string): Deliberate => ({ file, field, ours: null, code, reason });
const MEX = 'metadata-extractor-images';

/**
 * Where photodesk disagrees with ExifTool 12.57: deliberately, because it is more right, or as a known
 * limitation its reason says. Each entry names the file, the field, the value (or typed error) photodesk
 * gives, and why. Any other disagreement fails the test, and every entry must still disagree with ExifTool
 * and still have that value, so the list cannot go stale.
 */
const DELIBERATE: Deliberate[] = [
  ...['format', 'width', 'height'].flatMap((f) => [
    err('sharp/test/fixtures/65536-uint32-limit.png', f as Field, 'PIXEL_LIMIT_EXCEEDED', R_PIXEL_LIMIT_EXCEEDED),
    err('sharp/test/fixtures/giant-image.jpg', f as Field, 'PIXEL_LIMIT_EXCEEDED', R_PIXEL_LIMIT_EXCEEDED),
  ]),
  ...[
    `${MEX}/heic/NegativeArraySizeException.HeifReader.processBoxes.heif`,
    `${MEX}/jpg/ImageTestSuite/28968137f4fc75fbf56f16d7a7a8551a.jpg`,
    `${MEX}/jpg/ImageTestSuite/627c0779eb46b98f751187c5c9f43aa3.jpg`,
    `${MEX}/jpg/ImageTestSuite/acce3629083f0e348e94fb58f952d3de.jpg`,
    `${MEX}/jpg/ImageTestSuite/cc23dd79637b606cf5ba234a037e17ba.jpg`,
    `${MEX}/jpg/ImageTestSuite/e18bb52107598f65b81b02be2c6c5124.jpg`,
    `${MEX}/tif/ImageTestSuite/m1-2743db7c68f091ddc61dcd582febff2d.tif`,
    `${MEX}/tif/ImageTestSuite/m14-42c19f8e79e582bef107f372f18a074b.tif`,
    'sharp/test/fixtures/corrupt-header.jpg',
  ].map((file) => err(file, 'format', 'CORRUPT_IMAGE', R_CORRUPT_IMAGE)),
  err(`${MEX}/tif/ImageTestSuite/m1-2743db7c68f091ddc61dcd582febff2d.tif`, 'height', 'CORRUPT_IMAGE', R_CORRUPT_IMAGE),
  err(`${MEX}/png/ImageTestSuite/743b8442c69efbc457af7376af71b44c.png`, 'format', 'UNSUPPORTED_TYPE', R_UNSUPPORTED_TYPE),
  { file: `${MEX}/heic/IllegalArgumentException.HeifReader.processBoxes.heif`, field: 'width', ours: 1440, reason: R_HEIF_ITEM },
  { file: `${MEX}/heic/IllegalArgumentException.HeifReader.processBoxes.heif`, field: 'height', ours: 960, reason: R_HEIF_ITEM },
  { file: `${MEX}/jpg/Samsung GT-I9000 (Galaxy S).jpg`, field: 'gps', ours: null, reason: R_NO_FIX },
];

const PER_FILE_MS = 10_000;

interface Outcome {
  record?: PhotoMetadata;
  error?: PhotodeskError;
}

function ours(o: Outcome, field: Field): unknown {
  const r = o.record;
  if (!r) return null;
  switch (field) {
    case 'gps':
      return r.gps && position(r.gps.lat, r.gps.lon);
    case 'dateCreated':
      return r.dateCreated?.slice(0, 19) ?? null; // to the second, as EXIF's DateTimeOriginal
    case 'make':
    case 'model':
    case 'serialNumber':
    case 'lens':
      return r.camera[field];
    default:
      return r[field];
  }
}

describe.skipIf(!CORPUS)('corpus conformance with ExifTool', () => {
  const outcomes = new Map<string, Outcome>();
  let truth: ExifToolRecord[] = [];

  beforeAll(async () => {
    truth = JSON.parse(readFileSync(path.join(CORPUS!, 'exiftool.json'), 'utf8')) as ExifToolRecord[];
    for (const r of truth) {
      const file = String(r.SourceFile);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`readMetadata took over ${PER_FILE_MS} ms`)), PER_FILE_MS);
      });
      try {
        outcomes.set(file, { record: await Promise.race([readMetadata(path.join(CORPUS!, file)), timeout]) });
      } catch (e) {
        if (!(e instanceof PhotodeskError)) throw new Error(`${file}: not a typed error: ${(e as Error).stack}`);
        outcomes.set(file, { error: e });
      } finally {
        clearTimeout(timer);
      }
    }
  }, 300_000);

  it('ends every corpus file in a record or a typed error', () => {
    expect(outcomes.size).toBe(truth.length);
    for (const [file, o] of outcomes) {
      expect(o.record ?? o.error, file).toBeDefined();
      if (o.error) expect(o.error.code, file).toMatch(/^[A-Z_]+$/);
    }
  });

  it('agrees with ExifTool on every file and field but the listed ones', () => {
    const rows: { field: Field; files: number; agree: number; deliberate: number; pct: string }[] = [];
    const disagreements: string[] = [];
    for (const field of FIELDS) {
      let files = 0;
      let agree = 0;
      let deliberate = 0;
      for (const r of truth) {
        const file = String(r.SourceFile);
        const ref = reference(r, field);
        if (ref.value === null) continue;
        files++;
        const o = outcomes.get(file)!;
        const a = comparable(ours(o, field));
        const b = comparable(ref.value);
        if (agrees(field, a, b)) agree++;
        else if (DELIBERATE.some((d) => d.file === file && d.field === field)) deliberate++;
        else disagreements.push(`${field}\t${file}\tours=${JSON.stringify(a)}${o.error ? ` (${o.error.code})` : ''}\texiftool=${JSON.stringify(b)} (${ref.from})`);
      }
      rows.push({ field, files, agree, deliberate, pct: (((agree + deliberate) / files) * 100).toFixed(1) + '%' });
    }
    console.log('\nAgreement with ExifTool over ../shared/corpus (files where ExifTool has a value)');
    console.table(rows);
    if (disagreements.length) console.log('Disagreements:\n' + disagreements.join('\n'));
    expect(disagreements, 'disagreements with ExifTool not in the list').toEqual([]);
    for (const row of rows) expect(row.files, `${row.field}: files where ExifTool has a value`).toBeGreaterThanOrEqual(15);
  });

  it('lists only deliberate disagreements that are still disagreements, with the value photodesk gives', () => {
    for (const d of DELIBERATE) {
      const r = truth.find((t) => t.SourceFile === d.file);
      expect(r, d.file).toBeDefined();
      const o = outcomes.get(d.file)!;
      expect(comparable(ours(o, d.field)), `${d.file} ${d.field}`).toBe(comparable(d.ours));
      if (d.code) expect(o.error?.code, `${d.file}`).toBe(d.code);
      expect(agrees(d.field, comparable(ours(o, d.field)), comparable(reference(r!, d.field).value)), `${d.file} ${d.field} must still disagree`).toBe(false);
    }
  });
});

if (!CORPUS) {
  describe('corpus conformance with ExifTool', () => {
    it('needs ../shared/corpus', () => {
      console.warn(corpusMissingMessage());
    });
  });
}
