import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { altText, readMetadata, validate } from '../../src/index.js';
import { capText } from '../../src/rules/alt-text.js';
import { app13, iimBlock, insertSegments, makeJpeg } from '../helpers/fixtures.js';
import { outputDir } from '../helpers/paths.js';
import { deskPolicy } from '../helpers/policy.js';

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

  it('cuts at a word, with an ellipsis, when no sentence ends early enough', () => {
    expect(capText('word '.repeat(100).trim(), 42)).toMatch(/^(word ){7}word…$/);
    expect(capText('short', 42)).toBe('short');
  });
});
