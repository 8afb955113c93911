import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { altText, createDesk, createLocalStorage, readMetadata, validate } from '../../src/index.js';
import { capText } from '../../src/rules/alt-text.js';
import { app13, iimBlock, insertSegments, makeJpeg } from '../helpers/fixtures.js';
import { outputDir } from '../helpers/paths.js';
import { DESK_CONFIG, deskPolicy } from '../helpers/policy.js';

/* What reaches a reader: spoofing characters and amplified text. */
const dir = outputDir('rules-spoofing');

async function photoWith(name: string, datasets: [number, number, string][]): Promise<Buffer> {
  const base = readFileSync(await makeJpeg(path.join(dir, `${name}-base.jpg`), 800, 600));
  return insertSegments(base, [app13(iimBlock([[1, 90, '\x1b%G'], ...datasets]))]);
}

describe('spoofing characters', () => {
  it('a right-to-left override in the credit, a NUL in the byline: error findings with the cleaned value as the fix', async () => {
    const bytes = await photoWith('rtl', [
      [2, 110, '\u202eSRETUER'],
      [2, 80, 'Ivan\u0000 Evil Corp'],
      [2, 120, 'The minister\u200b in Minsk during his visit to Belarus'],
    ]);
    const report = validate(await readMetadata(bytes), deskPolicy());
    const spoof = report.findings.filter((f) => f.rule === 'text-spoofing');
    expect(spoof.map((f) => [f.field, f.severity])).toEqual([
      ['credit', 'error'],
      ['creator', 'error'],
      ['caption', 'warning'],
    ]);
    expect(report.verdict).toBe('fail');
    expect(spoof[0]!.message).toContain('U+202E');
    expect(spoof[0]!.fix!.after).toBe('SRETUER');
    expect(spoof[1]!.fix!.after).toEqual(['Ivan Evil Corp']);
    expect(report.fixed.caption).toBe('The minister in Minsk during his visit to Belarus');
  });

  it('"Reuters\\0Evil Corp" is not Reuters', async () => {
    const bytes = await photoWith('nul', [[2, 110, 'Reuters\u0000Evil Corp'], [2, 120, 'A caption that is long enough to publish']]);
    const report = validate(await readMetadata(bytes), deskPolicy());
    expect(report.verdict).toBe('fail');
    expect(report.creditLine).not.toBe('© Photo Reuters');
    expect(report.findings.map((f) => f.rule)).toContain('text-spoofing');
  });

  it('plain text has no spoofing finding (Cyrillic, accents, a Persian ZWNJ in a caption)', async () => {
    const bytes = await photoWith('clean', [[2, 110, 'Минобороны России'], [2, 80, 'José Ñúñez'], [2, 120, 'می\u200cخواهم: a caption with a Persian joiner, long enough']]);
    const report = validate(await readMetadata(bytes), deskPolicy());
    expect(report.findings.filter((f) => f.rule === 'text-spoofing')).toEqual([]);
    expect(report.fixed.caption).toContain('\u200c');
  });
});

describe('amplified text', () => {
  it('a 30,000-character caption gives an alt text cut after a whole sentence, with a finding', async () => {
    const sentence = 'The minister met his counterpart in Minsk. ';
    const bytes = await photoWith('long', [[2, 110, 'Reuters'], [2, 120, sentence.repeat(700)]]);
    const policy = deskPolicy({ caption: { maxLength: 100_000 } });
    const m = await readMetadata(bytes);
    const report = validate(m, policy);
    const alt = altText(report.fixed, policy);
    expect([...alt].length).toBeLessThanOrEqual(400);
    expect(alt).toMatch(/Minsk\.$/);
    expect(report.findings.find((f) => f.rule === 'alt-text-length')?.message).toMatch(/would be \d{5} characters; it is cut to \d+/);
  });

  it('3,000 keywords: the public record and the manifest carry the first 100, with a finding; the private record all', async () => {
    const keywords = Array.from({ length: 3000 }, (_, i) => `kw${String(i).padStart(4, '0')}`);
    const bytes = await photoWith('keywords', [[2, 110, 'Reuters'], [2, 120, 'The minister met his counterpart in Minsk.'], ...keywords.map((k): [number, number, string] => [2, 25, k])]);
    const m = await readMetadata(bytes);
    expect(m.keywords).toHaveLength(3000);
    const report = validate(m, deskPolicy());
    expect(report.fixed.keywords).toEqual(keywords.slice(0, 100));
    expect(report.findings.find((f) => f.rule === 'list-length')).toMatchObject({ field: 'keywords', severity: 'warning', message: expect.stringMatching(/^keywords: 3000 items; the first 100 are published/) });
    const root = path.join(dir, 'keywords-desk');
    rmSync(root, { recursive: true, force: true });
    const desk = createDesk({ policy: DESK_CONFIG, storage: createLocalStorage({ dir: path.join(root, 'public') }), privateStorage: createLocalStorage({ dir: path.join(root, 'private') }), renditions: { widths: [320], formats: ['jpeg'], embed: ['keywords'] } });
    const published = await desk.ingest(bytes, { name: 'keywords.jpg', override: true });
    const manifest = JSON.parse(readFileSync(path.join(root, 'public', published.manifestKey), 'utf8')) as { iptc: { keywords: string[] } };
    expect(manifest.iptc.keywords).toHaveLength(100);
    expect((await readMetadata(path.join(root, 'public', published.renditions[0]!.key))).keywords).toHaveLength(100);
    const record = JSON.parse(readFileSync(path.join(root, 'private', 'photos', published.photoId, 'editions', `${published.editionId}.json`), 'utf8')) as { metadata: { keywords: string[] } };
    expect(record.metadata.keywords).toHaveLength(3000);
  });

  it('cuts at a word, with an ellipsis, when no sentence ends early enough', () => {
    expect(capText('word '.repeat(100).trim(), 42)).toMatch(/^(word ){7}word…$/);
    expect(capText('short', 42)).toBe('short');
  });
});
