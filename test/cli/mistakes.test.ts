import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseStorageUrl } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { writeTags } from '../helpers/exiftool.js';
import { makeJpeg } from '../helpers/fixtures.js';
import { outputDir, ROOT } from '../helpers/paths.js';

/* No silent mistakes: what a new user gets wrong is an error that says why, never something else done quietly. */
const dir = outputDir('cli-mistakes');
const config = path.join(ROOT, 'photodesk.config.json');

describe('destinations are URLs with known schemes', () => {
  it('reads folders, file: URLs and s3://bucket/prefix', () => {
    expect(parseStorageUrl('./out')).toEqual({ kind: 'local', dir: path.resolve('out') });
    expect(parseStorageUrl('file:///srv/photos')).toEqual({ kind: 'local', dir: '/srv/photos' });
    expect(parseStorageUrl('s3://newsroom-photos/site/2024/')).toEqual({ kind: 's3', bucket: 'newsroom-photos', prefix: 'site/2024' });
    expect(parseStorageUrl('S3://newsroom-photos')).toEqual({ kind: 's3', bucket: 'newsroom-photos', prefix: '' }); // schemes are case-insensitive
  });

  it('refuses every mistyped destination with exit 2 and the accepted forms, writing nothing', () => {
    const cwd = path.join(dir, 'dest');
    rmSync(cwd, { recursive: true, force: true });
    mkdirSync(cwd, { recursive: true });
    for (const to of ['s3://', 's3:/newsroom-photos', 'https://bucket.s3.amazonaws.com/x', 's3://Bad_Bucket', 'gs://bucket', 'ftp://host/x']) {
      const r = runCli(['ingest', path.join(ROOT, 'examples', 'photos', 'press-conference.jpg'), '--to', to, '--config', config, '--private', path.join(cwd, 'private')], { cwd });
      expect(r.code, to).toBe(2);
      expect(r.stderr, to).toContain('INVALID_DESTINATION');
      expect(r.stderr, to).toContain('s3://bucket/prefix');
      expect(readdirSync(cwd), to).toEqual([]); // no folder named "s3:" or "https:"
    }
    const inside = runCli(['ingest', path.join(ROOT, 'examples', 'photos'), '--to', path.join(cwd, 'out'), '--private', path.join(cwd, 'out', 'private'), '--config', config], { cwd });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/private store .* is inside the public one/);
  });
});

describe('config mistakes fail at load, with exit 2', () => {
  it('a mistyped rule id in rules.severity, with a did-you-mean', () => {
    mkdirSync(dir, { recursive: true });
    const bad = path.join(dir, 'typo.config.json');
    writeFileSync(bad, JSON.stringify({ rules: { severity: { 'credit-unknow-agency': 'error' } } }));
    const r = runCli(['validate', path.join(ROOT, 'examples', 'photos'), '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rules.severity.credit-unknow-agency: unknown rule id "credit-unknow-agency" (did you mean "credit-unknown-agency"?)');
  });

  it('an unknown legacyCharset', () => {
    const bad = path.join(dir, 'charset.config.json');
    writeFileSync(bad, JSON.stringify({ legacyCharset: 'windows-1215' }));
    const r = runCli(['inspect', path.join(ROOT, 'examples', 'photos'), '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('legacyCharset: not a character encoding');
  });

  it("inspect reads undeclared IIM in the policy's legacyCharset, as validate does", async () => {
    const photo = await makeJpeg(path.join(dir, 'ru', 'cp1251.jpg'), 800, 600);
    writeTags(photo, { 'IPTC:Credit': 'Минобороны России', 'IPTC:Caption-Abstract': 'Военнослужащие во время учений' }, ['-charset', 'iptc=cp1251']);
    const ru = path.join(dir, 'ru.config.json');
    writeFileSync(ru, JSON.stringify({ legacyCharset: 'windows-1251' }));
    const r = runCli(['inspect', photo, '--config', ru, '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { credit: string }[])[0]!.credit).toBe('Минобороны России');
  });
});

describe('folders are walked by the bytes, and every skipped entry is counted', () => {
  it('skips the config, a README, hidden files and links out of the folder; follows links inside; a missing path is exit 2, once', () => {
    const folder = path.join(dir, 'walk');
    rmSync(folder, { recursive: true, force: true });
    cpSync(path.join(ROOT, 'examples', 'photos'), folder, { recursive: true });
    cpSync(config, path.join(folder, 'photodesk.config.json'));
    writeFileSync(path.join(folder, 'README.md'), '# the photos of the day\n');
    writeFileSync(path.join(folder, '.DS_Store'), 'x');
    symlinkSync(path.join(folder, 'press-conference.jpg'), path.join(folder, 'zz-link-inside.jpg'));
    symlinkSync('/etc/hostname', path.join(folder, 'zz-link-outside.jpg'));
    const r = runCli(['validate', folder, '--config', config]);
    expect(r.code).toBe(0); // the sample photos pass; the config beside them is not a failure
    expect(r.stdout).not.toContain('file-readable');
    expect(r.stdout).toMatch(/4 entries skipped in folders/);
    for (const s of ['photodesk.config.json (not a photo)', 'README.md (not a photo)', '.DS_Store (hidden)', 'zz-link-outside.jpg (link out of the folder)']) expect(r.stdout).toContain(s);
    expect(r.stdout).toContain('zz-link-inside.jpg');
    const json = runCli(['validate', folder, '--config', config, '--json']);
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(5); // four photos and the link to one
    const missing = runCli(['validate', folder, path.join(dir, 'no-such-folder'), '--config', config]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.match(/no-such-folder/g)).toHaveLength(1);
    expect(missing.stdout).toBe('');
  });
});

describe('paths that hold no photo are a mistake, unless the caller says they may', () => {
  it('an empty folder, or one of files that are not photos: exit 2 NO_PHOTOS from inspect, validate and ingest, nothing written; --allow-empty: exit 0', () => {
    const cwd = path.join(dir, 'empty');
    rmSync(cwd, { recursive: true, force: true });
    mkdirSync(path.join(cwd, 'inbox'), { recursive: true });
    mkdirSync(path.join(cwd, 'notes'), { recursive: true });
    writeFileSync(path.join(cwd, 'notes', 'README.md'), '# the photos of the day\n');
    const desk = ['--to', path.join(cwd, 'out'), '--private', path.join(cwd, 'private'), '--config', config];
    for (const [args, folder] of [
      [['inspect', 'inbox'], 'inbox'],
      [['validate', 'inbox', '--config', config], 'inbox'],
      [['ingest', 'inbox', ...desk], 'inbox'],
      [['inspect', 'notes', '--json'], 'notes'],
      [['validate', 'notes', '--config', config, '--json'], 'notes'],
      [['ingest', 'notes', ...desk], 'notes'],
    ] as const) {
      const r = runCli([...args], { cwd });
      const what = args.join(' ');
      expect(r.code, what).toBe(2);
      expect(r.stderr, what).toContain(`NO_PHOTOS: no photo under "${folder}"`);
      expect(r.stderr, what).toContain('--allow-empty');
      if (folder === 'notes') expect(r.stderr, what).toContain('README.md (not a photo)'); // why the folder held none
      expect(existsSync(path.join(cwd, 'out')) || existsSync(path.join(cwd, 'private')), what).toBe(false);
    }
    const allowed = runCli(['validate', 'inbox', 'notes', '--config', config, '--json', '--allow-empty'], { cwd });
    expect([allowed.code, allowed.stdout]).toEqual([0, '[]\n']);
    expect(runCli(['ingest', 'inbox', ...desk, '--allow-empty'], { cwd }).code).toBe(0);
    // A file named on the command line is never skipped: a README given to validate fails as not a photo.
    const named = runCli(['validate', path.join('notes', 'README.md'), '--config', config], { cwd });
    expect(named.code).toBe(1);
    expect(named.stderr).not.toContain('NO_PHOTOS');
  });
});

describe('a photo named for a correction', () => {
  it('by too short an id prefix: says how long; by the path of its manifest (what ingest printed, as a path): found', () => {
    const cwd = path.join(dir, 'name-photo');
    rmSync(cwd, { recursive: true, force: true });
    mkdirSync(cwd, { recursive: true });
    const desk = ['--to', 'out', '--private', 'private', '--config', config];
    const published = runCli(['ingest', path.join(ROOT, 'examples', 'photos', 'press-conference.jpg'), ...desk, '--json'], { cwd });
    const { result } = JSON.parse(published.stdout) as { result: { photoId: string; manifestKey: string } };
    const short = runCli(['correct', result.photoId.slice(0, 6), '--credit', 'Reuters', ...desk], { cwd });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain(`"${result.photoId.slice(0, 6)}" is too short for a photo id: give 8 or more of its hex digits`);
    const byPath = runCli(['correct', path.join('out', result.manifestKey), '--credit', 'Reuters', ...desk, '--json'], { cwd });
    expect([byPath.code, (JSON.parse(byPath.stdout) as { photoId: string }).photoId]).toEqual([0, result.photoId]);
  });
});

describe('a folder walk tells photos by their whole start', () => {
  it("takes a TIFF whose directory sits past its first 4 KiB; skips a file over the size limit that is not a photo, and fails one that is", async () => {
    const folder = path.join(dir, 'walk-tiff');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    // libvips writes an uncompressed TIFF's directory after its pixels: file-type needs more than the start.
    const tiff = await sharp({ create: { width: 150, height: 100, channels: 3, background: '#808080' } }).tiff({ compression: 'none' }).toBuffer();
    expect(tiff.readUInt32LE(4)).toBeGreaterThan(4100);
    writeFileSync(path.join(folder, 'a-scan.tif'), tiff);
    await makeJpeg(path.join(folder, 'b-large.jpg'), 1200, 800);
    writeFileSync(path.join(folder, 'c-footage.mp4'), Buffer.concat([Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'), Buffer.alloc(300_000)]));
    const small = path.join(dir, 'small-limit.config.json');
    writeFileSync(small, JSON.stringify({ limits: { maxBytes: 120_000 } }));
    for (const command of ['validate', 'inspect']) {
      const r = runCli([command, folder, '--config', small, '--json']);
      const out = JSON.parse(r.stdout) as { file: string; error?: { code: string } }[];
      expect(out.map((x) => [path.basename(x.file), x.error?.code ?? null]), command).toEqual([
        ['a-scan.tif', null],
        ['b-large.jpg', expect.any(String)], // a photo over the limit fails (validate: file-readable; inspect: the error)
      ]);
      expect(JSON.stringify(out[1]), command).toContain('FILE_TOO_LARGE');
      expect(r.stderr, command).toMatch(/1 entry skipped in folders[^]*c-footage\.mp4 \(not a photo\)/);
    }
  });
});

describe('human output', () => {
  it("inspect's table shows byline, copyright and warnings; errors show their reason", async () => {
    const folder = path.join(dir, 'table');
    rmSync(folder, { recursive: true, force: true });
    cpSync(path.join(ROOT, 'examples', 'photos', 'минобороны-учения.jpg'), path.join(folder, 'ru.jpg'));
    writeFileSync(path.join(folder, 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]));
    const r = runCli(['inspect', path.join(folder, 'ru.jpg'), path.join(folder, 'broken.jpg')], { env: { COLUMNS: '400' } });
    expect(r.stdout).toMatch(/FILE\s+FORMAT\s+SIZE\s+CREDIT\s+BYLINE\s+COPYRIGHT\s+WARNINGS\s+CAPTION \/ ERROR/);
    expect(r.stdout).toContain('Вадим Савицкий');
    expect(r.stdout).toMatch(/broken\.jpg\s+ERROR\s+CORRUPT_IMAGE: /);
  });

  it('escapes terminal control characters (in file names, bidi overrides in credits) in human output, keeps them exact in JSON', async () => {
    const photo = await makeJpeg(path.join(dir, 'esc', 'clear\u001b[2J\u001b]0;pwned\u0007.jpg'), 800, 600);
    writeTags(photo, { 'XMP-photoshop:Credit': 'SRETUER\u202e', 'XMP-dc:Description': 'A caption for the escaping test' });
    const r = runCli(['inspect', photo], { env: { COLUMNS: '400' } });
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain('\u202e');
    expect(r.stdout).toContain('clear\\u{1b}[2J');
    expect(r.stdout).toContain('\\u{202e}');
    const v = runCli(['validate', photo, '--config', config]);
    expect(v.stdout).toContain('clear\\u{1b}[2J');
    expect(v.stdout).not.toContain('\u001b]0;');
    const j = runCli(['inspect', photo, '--json']);
    const rec = (JSON.parse(j.stdout) as { file: string; credit: string }[])[0]!;
    expect(rec.file).toContain('\u001b[2J');
  });

  it('ends quietly when stdout is closed early (| head)', () => {
    const r = spawnSync('bash', ['-c', `node ${path.join(ROOT, 'bin', 'photodesk.js')} inspect ${path.join(ROOT, 'examples', 'photos')} --json | head -c 10`], { encoding: 'utf8' });
    expect(r.stdout.length).toBe(10);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|at /);
  });

  it("ingest --help names the journal as it is made (a hash of the destination)", () => {
    expect(runCli(['ingest', '--help']).stdout).toContain('.photodesk/journal-<hash of the destination>.jsonl');
  });

  it('a dry run says planned, not published', () => {
    const out = path.join(dir, 'dry-out');
    rmSync(out, { recursive: true, force: true });
    const r = runCli(['ingest', path.join(ROOT, 'examples', 'photos', 'press-conference.jpg'), '--to', out, '--private', path.join(dir, 'dry-private'), '--config', config, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^planned {3}.*press-conference\.jpg: \d+ renditions, edition [0-9a-f]{16}$/m);
    expect(r.stderr + r.stdout).not.toMatch(/\bpublished\b(?!: 0)/);
    expect(r.stdout).toMatch(/^planned: 1, skipped: 0/);
    expect(existsSync(out)).toBe(false);
  });
});
