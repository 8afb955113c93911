import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../src/config/index.js';
import { outputDir, ROOT } from '../helpers/paths.js';

/* Commands load only what they need: `--version` and `--help` nothing but the CLI parser; `inspect` of a JPEG
 * the metadata readers, not libvips, the renderers or the AWS SDK (~170 ms of imports) that only an s3:// store needs. */
const dir = outputDir('cli-startup');

/** The packages (folder names under node_modules) a process loads, seen by a module loader hook; it must exit 0 or 1 (a verdict). */
function packagesLoadedBy(args: string[], cwd = ROOT): string[] {
  mkdirSync(dir, { recursive: true });
  const log = path.join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(path.join(dir, 'hooks.mjs'), "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  if (url.includes('/node_modules/')) appendFileSync(process.env.LOADED_LOG, url + '\\n');\n  return next(url, context);\n}\n");
  writeFileSync(path.join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister(new URL('./hooks.mjs', import.meta.url));\n");
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', path.join(dir, 'register.mjs'), ...args], { cwd, env: { ...process.env, LOADED_LOG: log }, encoding: 'utf8' });
  expect([0, 1], r.stderr).toContain(r.status);
  const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  rmSync(log);
  const names = loaded.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? u);
  return [...new Set(names)].sort();
}

describe('start-up', () => {
  const bin = path.join(ROOT, 'bin', 'photodesk.js');
  const heavy = ['@aws-sdk/client-s3', 'sharp', 'bullmq', 'ioredis', 'pg', '@electric-sql/pglite', 'jiti', 'libheif-js', 'blurhash', 'thumbhash', 'cli-progress'];

  it('photodesk --version and --help load only the CLI parser', () => {
    expect(packagesLoadedBy([bin, '--version'])).toEqual(['commander']);
    expect(packagesLoadedBy([bin, 'ingest', '--help'])).toEqual(['commander']);
  });

  it('inspect and validate of a JPEG load the metadata readers and the policy, not libvips, the renderers, the queue or the AWS SDK', () => {
    const photo = path.join(ROOT, 'examples', 'photos', 'press-conference.jpg');
    // Where there is no config file the defaults come from the build (dist/config/defaults.json), without zod.
    const nowhere = path.join(dir, 'no-config');
    mkdirSync(nowhere, { recursive: true });
    const inspect = packagesLoadedBy([bin, 'inspect', photo, '--json'], nowhere);
    expect(inspect).toContain('exifr');
    // A JPEG is told from its first bytes; file-type (55 ms of imports) is loaded for anything else.
    expect(inspect).not.toContain('file-type');
    const png = path.join(dir, 'one.png');
    writeFileSync(png, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'));
    expect(packagesLoadedBy([bin, 'inspect', png, '--json'], nowhere)).toContain('file-type');
    expect(inspect.filter((p) => heavy.includes(p) || p === 'zod')).toEqual([]);
    // A config file is checked by its schema: zod.
    const validate = packagesLoadedBy([bin, 'validate', photo, '--json', '--config', path.join(ROOT, 'photodesk.config.json')], nowhere);
    expect(validate).toContain('zod');
    expect(validate.filter((p) => heavy.includes(p))).toEqual([]);
  });

  it("the built defaults are the schema's own policy for an empty configuration", async () => {
    const built = (await import(pathToFileURL(path.join(ROOT, 'dist', 'config', 'load.js')).href)) as typeof import('../../src/config/load.js');
    const nowhere = path.join(dir, 'no-config');
    mkdirSync(nowhere, { recursive: true });
    expect(existsSync(path.join(ROOT, 'dist', 'config', 'defaults.json'))).toBe(true);
    expect(await built.loadConfig({ cwd: nowhere })).toEqual({ policy: resolvePolicy({}), file: null });
  });

  it('an S3 store loads the AWS SDK (the hook does see it)', () => {
    const s3 = `const { createS3Storage } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'index.js'))}); await createS3Storage({ bucket: 'newsroom-photos', clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:9', maxAttempts: 1 } }).head('x').catch(() => null);`;
    expect(packagesLoadedBy(['--input-type=module', '-e', s3])).toContain('@aws-sdk/client-s3');
  });

  it('commands that render run with two malloc arenas and an 8 MiB mmap threshold (same PID), unless the environment says otherwise; others start as they are', () => {
    // Runs before the CLI in each process image: one line before the launcher replaces itself, one after.
    const probe = 'data:text/javascript,process.stderr.write(`ARENA=${process.env.MALLOC_ARENA_MAX} MMAP=${process.env.MALLOC_MMAP_THRESHOLD_} PID=${process.pid}\\n`)';
    const lines = (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const clean = { ...process.env, ...env };
      for (const name of ['MALLOC_ARENA_MAX', 'MALLOC_MMAP_THRESHOLD_']) if (!(name in env)) delete clean[name];
      const r = spawnSync(process.execPath, ['--import', probe, bin, ...args], { env: clean, encoding: 'utf8' });
      return r.stderr.split('\n').filter((l) => l.startsWith('ARENA='));
    };
    const ingest = lines(['ingest', '--help']);
    if (process.platform === 'linux' && typeof (process as { execve?: unknown }).execve === 'function') {
      expect(ingest).toHaveLength(2);
      expect(ingest[1]).toMatch(/^ARENA=2 MMAP=8388608 /);
      expect(ingest[1]!.split(' PID=')[1]).toBe(ingest[0]!.split(' PID=')[1]); // replaced, not a child
      // A threshold the user set is kept.
      expect(lines(['ingest', '--help'], { MALLOC_MMAP_THRESHOLD_: '1048576' })[1]).toMatch(/^ARENA=2 MMAP=1048576 /);
    } else {
      expect(ingest).toEqual([expect.stringMatching(/^ARENA=undefined MMAP=undefined /)]); // Node 20: set them in the environment (README)
    }
    expect(lines(['worker', '--help'])).toHaveLength(ingest.length);
    expect(lines(['ingest', '--help'], { MALLOC_ARENA_MAX: '4' })).toEqual([expect.stringMatching(/^ARENA=4 MMAP=undefined /)]);
    expect(lines(['--version'])).toEqual([expect.stringMatching(/^ARENA=undefined /)]);
    expect(lines(['inspect', '--help'])).toEqual([expect.stringMatching(/^ARENA=undefined /)]);
  });
});
