import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

/*
 * The test runner resolves imports its own way (a subpath without its extension resolves there, not in Node),
 * and lazy imports run only on the paths that need them (HEIC, S3, the embedded catalogue). Every package
 * the built code imports must resolve with Node's own resolver, from where the built code sits.
 */
describe('the built code', () => {
  it("imports only what Node's own resolver finds", () => {
    const dist = path.join(ROOT, 'dist');
    const specifiers = new Set<string>();
    for (const f of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
      if (!f.endsWith('.js')) continue;
      for (const m of readFileSync(path.join(dist, f), 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)'((?:@[\w.-]+\/)?[\w-][\w.-]*(?:\/[\w.-]+)*)'/g)) {
        if (!m[1]!.startsWith('node:')) specifiers.add(m[1]!);
      }
    }
    expect([...specifiers]).toEqual(expect.arrayContaining(['sharp', 'libheif-js/wasm-bundle.js', '@aws-sdk/client-s3']));
    const from = pathToFileURL(path.join(dist, 'index.js')).href;
    const script = `const failed = []; for (const s of ${JSON.stringify([...specifiers])}) { try { import.meta.resolve(s, ${JSON.stringify(from)}); } catch (e) { failed.push(s + ': ' + e.code); } } console.log(JSON.stringify(failed));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
