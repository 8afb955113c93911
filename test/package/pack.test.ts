import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

/*
 * The package as a user gets it: `npm pack`, installed into an app of its own (dependencies from the npm
 * cache or registry), then used as ESM, as CommonJS, from a TS config outside the app, and type-checked
 * with the README's samples under `tsc --strict`.
 */
// Outside the repository: Node would otherwise resolve the repository's own node_modules from the app.
const dir = path.join(os.tmpdir(), `photodesk-package-test-${process.pid}`);
const app = path.join(dir, 'app');
const run = (cmd: string, args: string[], cwd = app) => spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
const node = (code: string, input: 'module' | 'commonjs' = 'module') => run(process.execPath, ['--input-type', input, '-e', code]);

describe('the packed package in an app of its own', () => {
  let tarball: string;
  let installLog = '';
  beforeAll(() => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(app, { recursive: true });
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
    tarball = path.join(dir, (JSON.parse(out) as { filename: string }[])[0]!.filename);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'newsroom-app', private: true, type: 'module' }));
    const i = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball]);
    if (i.status !== 0) throw new Error(`npm install of the tarball failed:\n${i.stderr}`);
    installLog = i.stdout + i.stderr;
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ships the licence, sources for its maps, no tests, and its maps resolve inside the package', () => {
    const pkg = path.join(app, 'node_modules', 'photodesk');
    expect(existsSync(path.join(pkg, 'LICENSE'))).toBe(true);
    expect(existsSync(path.join(pkg, 'test'))).toBe(false);
    const manifest = JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).not.toContain('busboy'); // only the example uses it
    expect((manifest as { scripts?: Record<string, string> }).scripts?.prepare).toBeUndefined();
    expect(installLog).not.toMatch(/install-scripts.*photodesk/); // installers approve no script of ours
    expect(Object.keys(manifest.dependencies).filter((d) => d.startsWith('@aws-sdk/'))).toEqual([]); // optional peers
    const maps: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d)) {
        const f = path.join(d, e);
        if (statSync(f).isDirectory()) walk(f);
        else if (f.endsWith('.map')) maps.push(f);
      }
    };
    walk(path.join(pkg, 'dist'));
    expect(maps.length).toBeGreaterThan(20);
    for (const m of maps) for (const src of (JSON.parse(readFileSync(m, 'utf8')) as { sources: string[] }).sources) expect(existsSync(path.resolve(path.dirname(m), src)), `${m} -> ${src}`).toBe(true);
  });

  it('imports as ESM (main entry and a stage entry), and requires as CommonJS on this Node', () => {
    const esm = node("const p = await import('photodesk'); const s = await import('photodesk/storage'); const q = await import('photodesk/queue'); console.log(typeof p.createDesk, typeof p.readMetadata, typeof s.renderKey, typeof p.renderKey, typeof q.createWorker, typeof p.createWorker)");
    expect(esm.stderr).toBe('');
    expect(esm.stdout.trim()).toBe('function function function undefined function undefined'); // the queue (BullMQ) only for who imports it
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    if (major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19)) {
      const cjs = node("const p = require('photodesk'); const q = require('photodesk/queue'); console.log(typeof p.createDesk, typeof p.validate, typeof q.createPhotoQueue)", 'commonjs');
      expect(cjs.stdout.trim(), cjs.stderr).toBe('function function function');
    }
  });

  it('without the optional AWS SDK: folders work, and an S3 store says which packages to install', () => {
    const r = node(`
      import { createS3Storage, createDesk, createLocalStorage } from 'photodesk';
      const desk = createDesk({ storage: createLocalStorage({ dir: 'out' }), privateStorage: createLocalStorage({ dir: 'private' }) });
      const e = await createS3Storage({ bucket: 'newsroom-photos' }).head('x').catch((e) => e);
      console.log(typeof desk.ingest, e.code, e.hint);`);
    expect(r.stdout.trim()).toBe('function STORAGE_CONFIG npm install @aws-sdk/client-s3 @aws-sdk/lib-storage');
  });

  it('loads a TS config that imports photodesk from a folder outside the app', () => {
    const outside = path.join(dir, 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(path.join(outside, 'photodesk.config.ts'), "import { defineConfig } from 'photodesk';\nexport default defineConfig({ site: 'Outside desk' });\n");
    const r = node(`import { loadConfig } from 'photodesk'; console.log((await loadConfig({ file: ${JSON.stringify(path.join(outside, 'photodesk.config.ts'))} })).policy.site);`);
    expect(r.stdout.trim(), r.stderr).toBe('Outside desk');
  });

  it("type-checks the README's samples with tsc --strict (with the AWS SDK installed, as for S3)", () => {
    const i = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '@aws-sdk/client-s3@^3.1175.0', '@aws-sdk/lib-storage@^3.1175.0', 'typescript@~5.9.3', '@types/node@^20.19.43']);
    expect(i.status, i.stderr).toBe(0);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = (from: string, to: string) => readme.slice(readme.indexOf(from), readme.indexOf(to, readme.indexOf(from)));
    const blocks = [section('## Use it from code', '## Tests'), section('## Corrections and kills', '### Public and private records')].flatMap((s) => [...s.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!));
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const preamble = "import { readMetadata, validate, walkFiles } from 'photodesk';\ndeclare const uploadBuffer: Buffer;\ndeclare const signal: AbortSignal;\ndeclare const file: string;\ndeclare const photoId: string;\n";
    writeFileSync(path.join(app, 'samples.ts'), preamble + blocks.join('\n'));
    writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: ['node'], skipLibCheck: false }, files: ['samples.ts'] }));
    const tsc = run(process.execPath, [path.join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 300_000);
});
