import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { altText, creditLine, readMetadata, validate, type Finding, type Policy, type Rule } from '../../src/index.js';
import { writeTags } from '../helpers/exiftool.js';
import { makeJpeg, put } from '../helpers/fixtures.js';
import { outputDir } from '../helpers/paths.js';
import { deskPolicy } from '../helpers/policy.js';

const dir = outputDir('rules');
const NOW = new Date('2024-01-01T00:00:00Z');
const CAPTION = 'Russian Defense Minister S. Shoigu during his visit to Belarus';
const CAPTION_RU = 'Министр обороны России Сергей Шойгу во время визита в Белоруссию';
const UTF8 = ['-IPTC:CodedCharacterSet=UTF8'];
let base: string;

interface Case {
  name: string;
  tags: Record<string, string | string[]>;
  exiftool?: string[];
  policy?: Policy;
  file?: () => Promise<string>;
  expect: { rule: string; severity: Finding['severity']; fixAfter?: unknown; value?: unknown }[];
  verdict: 'pass' | 'warn' | 'fail';
  creditLine?: string | null;
}

const withCaption = (t: Record<string, string | string[]>) => ({ 'IPTC:Caption-Abstract': CAPTION, ...t });

const CASES: Case[] = [
  { name: 'a clean Reuters photo passes', tags: withCaption({ 'IPTC:Credit': 'Reuters' }), expect: [], verdict: 'pass', creditLine: '© Photo Reuters' },
  {
    name: 'an English alias becomes the canonical agency and the house credit line',
    tags: withCaption({ 'IPTC:Credit': 'Russian Defense Ministry' }),
    expect: [{ rule: 'credit-format', severity: 'warning', fixAfter: 'Russian Defence Ministry' }],
    verdict: 'warn',
    creditLine: '© Photo Russian Defence Ministry / Go to the mediabank',
  },
  {
    // "Минобороны России" is 33 bytes in UTF-8: IIM keeps 32, so the credit arrives cut.
    name: 'a Russian alias in UTF-8 (1:90), cut at 32 bytes by IIM, still finds its agency and credit line',
    tags: { 'IPTC:Credit': 'Минобороны России', 'IPTC:Caption-Abstract': CAPTION_RU },
    exiftool: UTF8,
    expect: [{ rule: 'credit-format', severity: 'warning', fixAfter: 'Russian Defence Ministry' }],
    verdict: 'warn',
    creditLine: '© Photo Russian Defence Ministry / Go to the mediabank',
  },
  {
    name: 'a Russian alias in cp1251 without 1:90, read by a Russian desk, renders the same credit line',
    tags: { 'IPTC:Credit': 'Минобороны России', 'IPTC:Caption-Abstract': CAPTION_RU },
    exiftool: ['-charset', 'iptc=cp1251'],
    policy: deskPolicy({}, { legacyCharset: 'windows-1251' }),
    expect: [{ rule: 'credit-format', severity: 'warning', fixAfter: 'Russian Defence Ministry' }],
    verdict: 'warn',
    creditLine: '© Photo Russian Defence Ministry / Go to the mediabank',
  },
  { name: 'the house credit line itself is read back to its agency', tags: withCaption({ 'XMP-photoshop:Credit': '© Photo Russian Defence Ministry / Go to the mediabank' }), expect: [{ rule: 'credit-format', severity: 'warning', fixAfter: 'Russian Defence Ministry' }], verdict: 'warn', creditLine: '© Photo Russian Defence Ministry / Go to the mediabank' },
  { name: 'a copyright prefix is stripped from the credit', tags: withCaption({ 'IPTC:Credit': 'Copyright (c) Reuters' }), expect: [{ rule: 'credit-format', severity: 'warning', fixAfter: 'Reuters' }], verdict: 'warn', creditLine: '© Photo Reuters' },
  { name: 'a role token is dropped from the credit', tags: withCaption({ 'IPTC:Credit': 'Russian Defence Ministry/HANDOUT' }), expect: [{ rule: 'credit-format', severity: 'warning', fixAfter: 'Russian Defence Ministry' }], verdict: 'warn' },
  { name: 'an "X via Getty Images" credit is reorganised to the agency that made it', tags: withCaption({ 'IPTC:Credit': 'AFP via Getty Images' }), expect: [{ rule: 'credit-format', severity: 'warning', fixAfter: 'AFP' }], verdict: 'warn', creditLine: '© Photo AFP' },
  { name: 'an unknown agency is a finding', tags: withCaption({ 'IPTC:Credit': "Bob's Photo Service" }), expect: [{ rule: 'credit-unknown-agency', severity: 'warning' }], verdict: 'warn', creditLine: "© Photo Bob's Photo Service" },
  { name: 'a staff template uses the byline', tags: withCaption({ 'IPTC:Credit': 'РИА Новости', 'IPTC:By-line': 'Vadim Savitsky' }), exiftool: UTF8, expect: [{ rule: 'credit-format', severity: 'warning', fixAfter: 'Sputnik' }], verdict: 'warn', creditLine: '© Sputnik / Vadim Savitsky' },
  { name: 'missing credit and caption are errors', tags: { 'IPTC:Headline': 'Shoigu in Minsk' }, expect: [{ rule: 'required-fields', severity: 'error', value: null }, { rule: 'required-fields', severity: 'error' }], verdict: 'fail', creditLine: null },
  { name: 'placeholder caption text is an error', tags: { 'IPTC:Credit': 'Reuters', 'IPTC:Caption-Abstract': 'CAPTION TK - please update before publishing' }, expect: [{ rule: 'caption-placeholder', severity: 'error' }], verdict: 'fail' },
  { name: "a camera's default description is a placeholder", tags: { 'IPTC:Credit': 'Reuters', 'EXIF:ImageDescription': 'OLYMPUS DIGITAL CAMERA' }, expect: [{ rule: 'caption-placeholder', severity: 'error' }, { rule: 'caption-all-caps', severity: 'warning' }], verdict: 'fail' },
  { name: 'an all-capitals caption is a warning', tags: { 'IPTC:Credit': 'Reuters', 'IPTC:Caption-Abstract': 'SHOIGU INSPECTS TROOPS IN BELARUS' }, expect: [{ rule: 'caption-all-caps', severity: 'warning' }], verdict: 'warn' },
  { name: 'a too-short caption is a warning', tags: { 'IPTC:Credit': 'Reuters', 'IPTC:Caption-Abstract': 'Minsk.' }, expect: [{ rule: 'caption-length', severity: 'warning' }], verdict: 'warn' },
  {
    name: 'Shutterstock boilerplate is removed from the caption',
    tags: { 'IPTC:Credit': 'Reuters', 'XMP-dc:Description': `${CAPTION}. Mandatory Credit: Photo by John Smith/Shutterstock (13941234a)` },
    expect: [{ rule: 'caption-boilerplate', severity: 'warning', fixAfter: `${CAPTION}.` }],
    verdict: 'warn',
  },
  { name: 'Getty boilerplate is removed from the caption', tags: { 'IPTC:Credit': 'Reuters', 'XMP-dc:Description': `${CAPTION}. (Photo by Jane Doe/Getty Images)` }, expect: [{ rule: 'caption-boilerplate', severity: 'warning', fixAfter: `${CAPTION}.` }], verdict: 'warn' },
  { name: 'a role word standing in for the byline is flagged and removed', tags: withCaption({ 'IPTC:Credit': 'Reuters', 'IPTC:By-line': 'HANDOUT' }), expect: [{ rule: 'creator-role-word', severity: 'warning', fixAfter: [] }], verdict: 'warn' },
  { name: 'an embargo in the future is an error', tags: withCaption({ 'IPTC:Credit': 'Reuters', 'IPTC:SpecialInstructions': 'EMBARGOED UNTIL 2030-05-01 10:00 GMT' }), expect: [{ rule: 'embargo', severity: 'error', value: '2030-05-01T10:00:00.000Z' }], verdict: 'fail' },
  { name: 'an embargo that has passed is a note', tags: withCaption({ 'IPTC:Credit': 'Reuters', 'IPTC:SpecialInstructions': 'Embargoed until 01.05.2020 10:00' }), expect: [{ rule: 'embargo', severity: 'info', value: '2020-05-01T10:00:00.000Z' }], verdict: 'pass' },
  { name: 'a Russian embargo in Moscow time is read', tags: { 'IPTC:Credit': 'Минобороны России', 'IPTC:Caption-Abstract': CAPTION_RU, 'IPTC:SpecialInstructions': 'Эмбарго до 12.04.2030 10:00 МСК' }, exiftool: UTF8, expect: [{ rule: 'credit-format', severity: 'warning' }, { rule: 'embargo', severity: 'error', value: '2030-04-12T07:00:00.000Z' }], verdict: 'fail' },
  { name: 'a wire-style embargo is read in the current year', tags: withCaption({ 'IPTC:Credit': 'Reuters', 'IPTC:SpecialInstructions': 'EMBARGOED UNTIL 0001 GMT MAY 1' }), expect: [{ rule: 'embargo', severity: 'error', value: '2024-05-01T00:01:00.000Z' }], verdict: 'fail' },
  { name: 'usage restrictions are surfaced', tags: withCaption({ 'IPTC:Credit': 'Reuters', 'IPTC:SpecialInstructions': 'EDITORIAL USE ONLY. NO ARCHIVE. NO SALES.' }), expect: [{ rule: 'usage-restrictions', severity: 'info', value: ['EDITORIAL USE ONLY', 'NO ARCHIVE', 'NO SALES'] }], verdict: 'pass' },
  { name: 'AI-generated imagery is an error', tags: withCaption({ 'IPTC:Credit': 'Reuters', 'XMP-iptcExt:DigitalSourceType': 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia' }), expect: [{ rule: 'ai-generated', severity: 'error' }], verdict: 'fail' },
  { name: 'a composite with AI needs sign-off', tags: withCaption({ 'IPTC:Credit': 'Reuters', 'XMP-iptcExt:DigitalSourceType': 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia' }), expect: [{ rule: 'ai-composite', severity: 'warning' }], verdict: 'warn' },
  {
    name: 'a photo below the minimum size is an error',
    tags: withCaption({ 'IPTC:Credit': 'Reuters' }),
    file: () => makeJpeg(path.join(dir, 'small.jpg'), 400, 300),
    expect: [{ rule: 'min-size', severity: 'error', value: 300 }],
    verdict: 'fail',
  },
  {
    name: 'a PNG named .jpg is flagged',
    tags: {},
    file: async () => {
      // ExifTool will not write a PNG named .jpg, so the tags go in first and the name comes after.
      const png = put(path.join(dir, 'png-named.png'), await sharp(readFileSync(base)).png().toBuffer());
      writeTags(png, withCaption({ 'XMP-photoshop:Credit': 'Reuters' }));
      return put(path.join(dir, 'png-named.jpg'), readFileSync(png));
    },
    expect: [{ rule: 'extension-mismatch', severity: 'warning' }],
    verdict: 'warn',
  },
  {
    name: 'a metadata conflict is reported',
    tags: { 'IPTC:Credit': 'Reuters', 'XMP-photoshop:Credit': 'AFP', 'IPTC:Caption-Abstract': CAPTION, 'XMP-dc:Description': CAPTION },
    expect: [{ rule: 'metadata-conflict', severity: 'warning' }],
    verdict: 'warn',
    creditLine: '© Photo AFP',
  },
  {
    name: 'stray whitespace is tidied, and an alias with it still matches',
    tags: withCaption({ 'XMP-photoshop:Credit': 'Thomson  Reuters', 'XMP-photoshop:Headline': 'Shoigu  in   Minsk ', 'XMP-photoshop:City': 'Minsk\u00a0' }),
    expect: [{ rule: 'credit-format', severity: 'warning', fixAfter: 'Reuters' }, { rule: 'text-normalize', severity: 'info', fixAfter: 'Shoigu in Minsk' }],
    verdict: 'warn',
  },
  {
    name: 'severities are configurable and rules can be switched off',
    tags: { 'IPTC:Credit': 'Reuters', 'IPTC:Caption-Abstract': 'SHOIGU INSPECTS TROOPS IN BELARUS' },
    file: () => makeJpeg(path.join(dir, 'small-2.jpg'), 400, 300),
    policy: deskPolicy({ severity: { 'caption-all-caps': 'error', 'min-size': 'off' } }),
    expect: [{ rule: 'caption-all-caps', severity: 'error' }],
    verdict: 'fail',
  },
];

beforeAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  base = await makeJpeg(path.join(dir, 'base.jpg'), 800, 600);
});

describe('built-in rules and cleaners over fixtures written by ExifTool', () => {
  const policy = deskPolicy();
  for (const [i, c] of CASES.entries()) {
    it(c.name, async () => {
      const file = c.file ? await c.file() : path.join(dir, `case-${i}.jpg`);
      if (!c.file) copyFileSync(base, file);
      if (Object.keys(c.tags).length > 0) writeTags(file, c.tags, c.exiftool ?? []);
      const p = c.policy ?? policy;
      const metadata = await readMetadata(file, { legacyCharset: p.legacyCharset });
      const before = JSON.stringify(metadata);
      const report = validate(metadata, p, { now: NOW });
      const got = report.findings.map((f) => ({ rule: f.rule, severity: f.severity }));
      expect(got).toEqual(expect.arrayContaining(c.expect.map(({ rule, severity }) => ({ rule, severity }))));
      expect(report.findings).toHaveLength(c.expect.length);
      for (const e of c.expect) {
        const f = report.findings.find((x) => x.rule === e.rule && x.severity === e.severity && (e.fixAfter === undefined || JSON.stringify(x.fix?.after) === JSON.stringify(e.fixAfter)));
        expect(f, `${e.rule} ${JSON.stringify(e.fixAfter)}`).toBeDefined();
        if (e.value !== undefined) expect(f!.value).toEqual(e.value);
        expect(f!.message.length).toBeGreaterThan(10);
      }
      expect(report.verdict).toBe(c.verdict);
      if (c.creditLine !== undefined) expect(report.creditLine).toBe(c.creditLine);
      for (const f of report.findings) if (f.fix) expect((report.fixed as unknown as Record<string, unknown>)[f.fix.field]).toEqual(f.fix.after);
      expect(JSON.stringify(metadata)).toBe(before); // the record given is not changed; fixes go to `fixed`
    });
  }

  it('never modifies the original file', async () => {
    const file = path.join(dir, 'untouched.jpg');
    copyFileSync(base, file);
    writeTags(file, { 'IPTC:Credit': 'Copyright (c) Reuters', 'IPTC:Caption-Abstract': CAPTION });
    const bytes = readFileSync(file);
    validate(await readMetadata(file), policy, { now: NOW });
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('creditLine and altText', () => {
  const policy = deskPolicy();
  const meta = async (tags: Record<string, string>, extra: string[] = []) => {
    const file = path.join(dir, `alt-${Object.values(tags).join('').length}-${extra.length}.jpg`);
    copyFileSync(base, file);
    writeTags(file, tags, extra);
    return readMetadata(file);
  };

  it('renders the house credit line from an alias', async () => {
    const m = await meta({ 'IPTC:Credit': 'Russian MoD' });
    expect(creditLine(m, policy)).toBe('© Photo Russian Defence Ministry / Go to the mediabank');
    expect(creditLine({ credit: null, creator: [] }, policy)).toBeNull();
  });

  it('builds alt text from the template with the site, the width and the date', async () => {
    const m = await meta({ 'XMP-dc:Description': "Russian Defense Minister S. Shoigu's visit to Belarus", 'XMP-photoshop:DateCreated': '2023-04-12T10:00:00+03:00' });
    expect(altText(m, policy, { width: 1920 })).toBe("Russian Defense Minister S. Shoigu's visit to Belarus - Sputnik Africa, 1920, 12.04.2023");
    // Missing values are dropped with their separator.
    expect(altText({ ...m, dateCreated: null }, policy)).toBe("Russian Defense Minister S. Shoigu's visit to Belarus - Sputnik Africa");
  });
});

describe('custom rules', () => {
  it('runs a rule from the config with the same finding shape as the built-in ones', async () => {
    const noFilePhotos: Rule = {
      id: 'house-no-file-photos',
      severity: 'warning',
      description: 'File photos need a date in the caption',
      check: ({ metadata }) => (metadata.caption?.startsWith('FILE PHOTO') ? { field: 'caption', message: 'A file photo: say when it was taken', value: metadata.caption } : null),
    };
    const crashing: Rule = { id: 'house-broken', severity: 'info', description: 'throws', check: () => { throw new Error('boom'); } };
    const policy = deskPolicy({ custom: [noFilePhotos, crashing] });
    const file = path.join(dir, 'custom.jpg');
    copyFileSync(base, file);
    writeTags(file, { 'IPTC:Credit': 'Reuters', 'IPTC:Caption-Abstract': 'FILE PHOTO: Shoigu in Minsk, Belarus, in 2019' });
    const report = validate(await readMetadata(file), policy, { now: NOW });
    expect(report.findings).toContainEqual({ rule: 'house-no-file-photos', severity: 'warning', field: 'caption', message: 'A file photo: say when it was taken', value: 'FILE PHOTO: Shoigu in Minsk, Belarus, in 2019' });
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'house-broken', severity: 'error', message: 'The rule failed: boom' }));
  });
});
