import { copyFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deskCheck } from '../../examples/desk-check.js';
import { writeTags } from '../helpers/exiftool.js';
import { makeJpeg } from '../helpers/fixtures.js';
import { outputDir, ROOT } from '../helpers/paths.js';

const dir = outputDir('example-desk-check');

describe('examples/desk-check.ts', () => {
  it('blocks the folder when a photo breaks the policy, and passes it once fixed', async () => {
    rmSync(dir, { recursive: true, force: true });
    const base = await makeJpeg(path.join(dir, 'base.jpg'), 1200, 800);
    const ok = path.join(dir, 'photos', 'ok.jpg');
    const bad = path.join(dir, 'photos', 'bad.jpg');
    for (const f of [ok, bad]) {
      await makeJpeg(f, 1200, 800);
      copyFileSync(base, f);
    }
    writeTags(ok, { 'IPTC:Credit': 'Минобороны России', 'IPTC:Caption-Abstract': 'Министр обороны России Сергей Шойгу во время визита в Белоруссию' }, ['-charset', 'iptc=cp1251']);
    writeTags(bad, { 'IPTC:Credit': 'Some Blog', 'IPTC:Caption-Abstract': 'FILE PHOTO: Sergei Shoigu at a meeting in Moscow' });

    const { results, failed } = await deskCheck([path.join(dir, 'photos')]);
    expect(failed).toBe(1);
    const byName = Object.fromEntries(results.map((r) => [path.basename(r.file), r]));
    expect(byName['ok.jpg']!.verdict).toBe('warn'); // an alias: fixed, printed as the house line
    expect(byName['ok.jpg']!.creditLine).toBe('© Photo Russian Defence Ministry / Go to the mediabank');
    expect(byName['bad.jpg']!.verdict).toBe('fail');
    expect(byName['bad.jpg']!.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['credit-unknown-agency', 'house-file-photo-dated']));

    // As a newsroom runs it in CI: the real script through jiti, with its exit code and JUnit report.
    const junit = path.join(dir, 'desk-check.xml');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'jiti', 'lib', 'jiti-cli.mjs'), path.join(ROOT, 'examples', 'desk-check.ts'), path.join(dir, 'photos'), '--junit', junit], { encoding: 'utf8', cwd: ROOT });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('2 photo(s), 1 blocked');

    // The desk fixes the credit and dates the file photo: the folder goes through.
    writeTags(bad, { 'IPTC:Credit': 'Reuters', 'IPTC:Caption-Abstract': 'FILE PHOTO: Sergei Shoigu at a meeting in Moscow in 2019' });
    expect((await deskCheck([path.join(dir, 'photos')])).failed).toBe(0);
  });
});
