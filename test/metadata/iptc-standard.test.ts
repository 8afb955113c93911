import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetadata } from '../../src/index.js';
import { FIELDS, type FieldRow } from '../../src/metadata/fields.js';
import { exiftool } from '../helpers/exiftool.js';
import { CORPUS, corpusMissingMessage } from '../helpers/paths.js';
import { ROWS, etTag, exifToolValue, recordValue, same } from '../helpers/iptc.js';

/**
 * The IPTC Photo Metadata Standard's reference images in ../shared/corpus (IPTC's own "Issue 258" test image of
 * the 2019.1 standard and the three IPTC example photos exifr ships), read by photodesk and by ExifTool (run
 * here with -struct, so structures are compared field by field). Every property ExifTool reports in the IPTC
 * Core and Extension schemas must be a row of the field table and agree; so must the other rows' properties.
 */
const REFERENCE_IMAGES = [
  'metadata-extractor-images/jpg/Issue 258 (dotnet).jpg',
  'exifr/test/fixtures/iptc-agency-photographer-example.jpg',
  'exifr/test/fixtures/iptc-independent-photographer-example.jpg',
  'exifr/test/fixtures/iptc-staff-photographer-example.jpg',
];

/** The groups whose every tag must be read: the IPTC Core and Extension schemas. */
const WHOLE_GROUPS = ['XMP-iptcCore', 'XMP-iptcExt'];
const IPTC_GROUPS = [...WHOLE_GROUPS, 'XMP-plus', 'XMP-dc', 'XMP-photoshop', 'XMP-xmpRights'];
/** MWG fields (EXIF first) are compared with ExifTool's MWG reading of the same file. */
const MWG: Record<string, string> = { creator: 'Creator', caption: 'Description', copyright: 'Copyright', dateCreated: 'DateTimeOriginal' };

function expected(row: FieldRow, tags: Record<string, unknown>, mwg: Record<string, unknown>): unknown {
  if (!MWG[row.key]) return exifToolValue(row, tags);
  const raw = mwg[MWG[row.key]!];
  return raw !== undefined && row.kind === 'seq' && !Array.isArray(raw) ? [raw] : raw;
}

describe.skipIf(!CORPUS)('the IPTC reference images, field by field with ExifTool', () => {
  it('reads every IPTC Core and Extension property ExifTool reports, with the same value', async () => {
    const rows: { field: string; xmp: string; files: number; agree: number }[] = FIELDS.map((r) => ({ field: r.key, xmp: r.xmp, files: 0, agree: 0 }));
    const problems: string[] = [];
    for (const file of REFERENCE_IMAGES) {
      const full = path.join(CORPUS!, file);
      const tags = JSON.parse(exiftool(['-json', '-struct', '-G1', '-n', ...IPTC_GROUPS.map((g) => `-${g}:all`), full]))[0] as Record<string, unknown>;
      const mwg = JSON.parse(exiftool(['-json', '-n', '-use', 'MWG', '-MWG:Creator', '-MWG:Description', '-MWG:Copyright', '-MWG:DateTimeOriginal', full]))[0] as Record<string, unknown>;
      const record = await readMetadata(full);

      // Every tag of the IPTC Core and Extension groups has a row.
      const known = new Set(ROWS.map(etTag));
      for (const tag of Object.keys(tags)) {
        if (WHOLE_GROUPS.includes(tag.split(':')[0]!) && !known.has(tag)) problems.push(`${file}: ${tag} is not read (no row in the field table)`);
      }
      for (const [i, row] of ROWS.entries()) {
        const want = expected(row, tags, mwg);
        if (want === undefined) continue;
        rows[i]!.files++;
        const got = recordValue(row, record[row.key]) ?? null;
        if (same(got, want)) rows[i]!.agree++;
        else problems.push(`${file}: ${row.key}: ours ${JSON.stringify(got)} ExifTool ${JSON.stringify(want)}`);
      }
      // The legacy location is IIM's, in sync with its XMP copy: no false conflicts.
      expect(record.warnings.filter((w) => w.code === 'METADATA_CONFLICT' && /^(city|region|country|countryCode|sublocation):/.test(w.message)), file).toEqual([]);
    }
    console.log('\nIPTC reference images: the field table against ExifTool 12 (-struct)');
    console.table(rows.filter((r) => r.files > 0));
    expect(problems).toEqual([]);
    // The reference images exercise most of the table: a row nobody reads would show up as 0 files.
    expect(rows.filter((r) => r.files > 0).length).toBeGreaterThanOrEqual(55);
  }, 60_000);
});

if (!CORPUS) {
  describe('the IPTC reference images, field by field with ExifTool', () => {
    it('needs ../shared/corpus', () => {
      console.warn(corpusMissingMessage());
    });
  });
}
