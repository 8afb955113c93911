import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { writeTags } from '../helpers/exiftool.js';
import { makeJpeg, put } from '../helpers/fixtures.js';
import { outputDir } from '../helpers/paths.js';
import { DESK_CONFIG } from '../helpers/policy.js';

const dir = outputDir('cli-validate');
const photos = path.join(dir, 'photos');
const config = path.join(dir, 'photodesk.config.json');
const notPhoto = path.join(dir, 'named', '4-not-a-photo.jpg');

describe('photodesk validate', () => {
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    const base = await makeJpeg(path.join(dir, 'base.jpg'), 800, 600);
    const add = (name: string, tags: Record<string, string>, extra: string[] = []) => {
      const f = path.join(photos, name);
      put(f, readFileSync(base));
      writeTags(f, tags, extra);
    };
    add('1-good.jpg', { 'IPTC:Credit': 'Reuters', 'IPTC:Caption-Abstract': 'Russian Defense Minister S. Shoigu during his visit to Belarus' });
    add('2-alias.jpg', { 'IPTC:Credit': 'Минобороны', 'XMP-photoshop:Credit': 'Минобороны России', 'XMP-dc:Description': 'Министр обороны России во время визита в Белоруссию' }, ['-IPTC:CodedCharacterSet=UTF8']);
    add('3-no-credit.jpg', { 'IPTC:Caption-Abstract': 'A caption that is long enough to publish' });
    // Named on its own (a folder walk would skip it as not a photo): a failed file.
    put(notPhoto, 'plain text');
    writeFileSync(config, JSON.stringify(DESK_CONFIG));
    copyFileSync(base, path.join(dir, 'only-good.jpg'));
    writeTags(path.join(dir, 'only-good.jpg'), { 'IPTC:Credit': 'Reuters', 'IPTC:Caption-Abstract': 'Russian Defense Minister S. Shoigu during his visit to Belarus' });
  });

  it('prints {file, verdict, findings, fixed} per photo with --json and exits 1 on an error finding', () => {
    const r = runCli(['validate', photos, notPhoto, '--config', config, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { file: string; verdict: string; findings: { rule: string }[]; fixed: { credit: string } | null }[];
    expect(out.map((x) => [path.basename(x.file), x.verdict])).toEqual([
      ['1-good.jpg', 'pass'],
      ['2-alias.jpg', 'warn'],
      ['3-no-credit.jpg', 'fail'],
      ['4-not-a-photo.jpg', 'fail'],
    ]);
    expect(out[1]!.fixed!.credit).toBe('Russian Defence Ministry');
    expect(out[2]!.findings.map((f) => f.rule)).toContain('required-fields');
    expect(out[3]!.findings[0]!.rule).toBe('file-readable');
  });

  it('exits 0 when no finding is an error, with a readable report', () => {
    const r = runCli(['validate', path.join(dir, 'only-good.jpg'), '--config', config]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS {2}.*only-good\.jpg\n {6}credit line: © Photo Reuters\n/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('1 photo(s): 1 pass, 0 warn, 0 fail');
  });

  it("shows a long caption's fix where it changes, not the caption twice; --json keeps the whole text", () => {
    const caption = `${'Russian Defense Minister Sergei Shoigu inspects the troops during his visit to Belarus. '.repeat(6)}\r\nPhoto: handout`;
    const f = path.join(dir, 'long-caption.jpg');
    copyFileSync(path.join(dir, 'only-good.jpg'), f);
    writeTags(f, { 'IPTC:Caption-Abstract': caption.replace('\r\n', '&#13;&#10;') }, ['-E']); // -E: the line break as entities (one line per argument)
    const r = runCli(['validate', f, '--config', config, '--no-color']);
    const fix = r.stdout.split('\n').find((l) => l.includes('fix:'))!;
    expect(fix.length).toBeLessThan(320); // the caption alone is 530 characters
    expect(fix).toContain('"…the troops during his visit to Belarus. \\r\\nPhoto: handout" -> "…the troops during his visit to Belarus. Photo: handout"'); // the change, in context
    expect(fix).toContain(`(${caption.length} characters -> ${caption.length - 2} characters; --json for the whole text)`);
    const json = JSON.parse(runCli(['validate', f, '--config', config, '--json']).stdout) as { fixed: { caption: string } }[];
    expect(json[0]!.fixed.caption).toBe(caption.replace(' \r\n', ' '));
  });

  it('exits 2 on an invalid config, naming the path', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ rules: { credit: { agencies: [{ name: 'A' }, { name: 'B' }, { name: 7 }] } } }));
    const r = runCli(['validate', photos, notPhoto, '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rules.credit.agencies[2].name: expected a string');
  });

  it('writes JUnit XML with one test case per photo', () => {
    const junit = path.join(dir, 'report.xml');
    runCli(['validate', photos, notPhoto, '--config', config, '--junit', junit, '--json']);
    const cases: { name: string; failed: boolean }[] = [];
    const parser = new SaxesParser();
    let suite: Record<string, string> = {};
    parser.on('opentag', (t) => {
      if (t.name === 'testsuite') suite = t.attributes as Record<string, string>;
      if (t.name === 'testcase') cases.push({ name: String(t.attributes.name), failed: false });
      if (t.name === 'failure') cases.at(-1)!.failed = true;
    });
    parser.write(readFileSync(junit, 'utf8')).close();
    expect(suite).toMatchObject({ tests: '4', failures: '2' });
    expect(cases.map((c) => [path.basename(c.name), c.failed])).toEqual([
      ['1-good.jpg', false],
      ['2-alias.jpg', false],
      ['3-no-credit.jpg', true],
      ['4-not-a-photo.jpg', true],
    ]);
  });

  describe('the HTML contact sheet in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => browser?.close());

    it('renders one card per photo, every thumbnail decodes, and a screenshot is written', async () => {
      const html = path.join(dir, 'report.html');
      const r = runCli(['validate', photos, notPhoto, '--config', config, '--html', html]);
      expect(r.code).toBe(1);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(html).href);
      const cards = await page.$$eval('article.card', (els) => els.map((e) => ({ verdict: e.getAttribute('data-verdict'), credit: e.querySelector('.credit')?.textContent, title: e.querySelector('h2')?.textContent })));
      expect(cards.map((c) => c.verdict)).toEqual(['pass', 'warn', 'fail', 'fail']);
      expect(cards[1]!.credit).toBe('© Photo Russian Defence Ministry / Go to the mediabank');
      const images = await page.$$eval('article.card img', (imgs) => imgs.map((i) => ({ ok: (i as unknown as { complete: boolean; naturalWidth: number }).complete && (i as unknown as { complete: boolean; naturalWidth: number }).naturalWidth > 0, w: (i as unknown as { complete: boolean; naturalWidth: number }).naturalWidth })));
      expect(images).toHaveLength(3); // the text file has no thumbnail
      expect(images.every((i) => i.ok && i.w === 240)).toBe(true);
      expect(await page.$$eval('li.error', (els) => els.length)).toBeGreaterThanOrEqual(2);
      // Self-contained: nothing but the file itself was requested.
      expect(readFileSync(html, 'utf8')).not.toMatch(/(src|href)="(https?:|\/\/|file:)/);
      const shot = path.join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(existsSync(shot)).toBe(true);
      await page.close();
    });
  });
});
