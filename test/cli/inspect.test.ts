import { rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTags } from '../helpers/exiftool.js';
import { makeJpeg, put } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { outputDir } from '../helpers/paths.js';

const dir = outputDir('cli-inspect');

describe('photodesk inspect', () => {
  let good: string;
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    good = await makeJpeg(path.join(dir, 'photos', 'a-good.jpg'), 120, 80);
    writeTags(good, { 'IPTC:Credit': 'Russian Defence Ministry', 'XMP-dc:Description': 'Russian Defense Minister S. Shoigu visits Belarus' });
    await makeJpeg(path.join(dir, 'photos', 'nested', 'b-plain.jpg'), 40, 30);
    put(path.join(dir, 'photos', 'c-not-a-photo.jpg'), 'just text');
  });

  it('prints a JSON array of records, with errors in place, and exits 1 when a file failed', () => {
    const r = runCli(['inspect', path.join(dir, 'photos'), path.join(dir, 'photos', 'c-not-a-photo.jpg'), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Record<string, unknown>[];
    // In the folder the text file is skipped (not a photo); named on its own it is read, and fails.
    expect(out.map((x) => path.basename(String(x.file)))).toEqual(['a-good.jpg', 'b-plain.jpg', 'c-not-a-photo.jpg']);
    expect(out[0]).toMatchObject({ format: 'jpeg', width: 120, height: 80, credit: 'Russian Defence Ministry', caption: 'Russian Defense Minister S. Shoigu visits Belarus' });
    expect(out[2]).toEqual({ file: path.join(dir, 'photos', 'c-not-a-photo.jpg'), error: expect.objectContaining({ code: 'UNSUPPORTED_TYPE' }) });
    // Progress only on a terminal; stderr carries the folder's skipped entries, as validate's does (stdout stays JSON).
    expect(r.stderr).toBe(`1 entry skipped in folders (not photos, hidden, links):\n  skipped ${path.join(dir, 'photos', 'c-not-a-photo.jpg')} (not a photo)\n`);
  });

  it('exits 0 when every file was read, and prints a readable table by default', () => {
    const r = runCli(['inspect', good, path.join(dir, 'photos', 'nested')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^FILE\s+FORMAT\s+SIZE\s+CREDIT\s+BYLINE\s+COPYRIGHT\s+WARNINGS\s+CAPTION \/ ERROR$/);
    expect(lines[1]).toContain('Russian Defence Ministry');
    expect(lines[1]).toContain('120x80');
    expect(lines.at(-1)).toBe('2 file(s), 2 read, 0 failed');
  });

  it('exits 2 on a usage error and 0 for --help', () => {
    expect(runCli(['inspect']).code).toBe(2);
    expect(runCli(['inspect', '--no-such-option', good]).code).toBe(2);
    expect(runCli(['inspect', '--concurrency', 'zero', good]).code).toBe(2);
    expect(runCli(['inspect', '--legacy-charset', 'klingon', good]).code).toBe(2);
    const help = runCli(['inspect', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--json');
  });

  it('refuses a path that does not exist as a usage error (exit 2), said once, not a crash', () => {
    const r = runCli(['inspect', path.join(dir, 'missing.jpg'), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^photodesk: PATH_NOT_FOUND: ".*missing\.jpg" does not exist/);
    expect(r.stderr.match(/missing\.jpg/g)).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
});
