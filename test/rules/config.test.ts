import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, PhotodeskError, resolvePolicy } from '../../src/index.js';
import { BUILTIN_RULE_IDS } from '../../src/config/rule-ids.js';
import { BUILTIN_RULES } from '../../src/rules/builtin/index.js';
import { put } from '../helpers/fixtures.js';
import { outputDir, ROOT } from '../helpers/paths.js';

const dir = outputDir('config');

describe('configuration', () => {
  it('fills every default from an empty config', () => {
    const p = resolvePolicy({});
    expect(p.rules.required).toEqual(['credit', 'caption']);
    expect(p.rules.credit.template).toBe('© Photo {agency}');
    expect(p.rules.caption).toMatchObject({ minLength: 20, maxLength: 2000 });
    expect(p.legacyCharset).toBe('windows-1252');
  });

  it('names the path and what was expected for an invalid value', () => {
    const bad = { rules: { credit: { agencies: [{ name: 'A' }, { name: 'B' }, { name: 42 }] } } };
    const err = (() => {
      try {
        resolvePolicy(bad, 'photodesk.config.json');
      } catch (e) {
        return e as PhotodeskError;
      }
      throw new Error('expected INVALID_CONFIG');
    })();
    expect(err.code).toBe('INVALID_CONFIG');
    expect(err.message).toContain('rules.credit.agencies[2].name: expected a string');
    expect(() => resolvePolicy({ rules: { sevrity: {} } })).toThrow(/rules: unknown key "sevrity" \(did you mean "severity"\?\)/);
    expect(() => resolvePolicy({ rules: { credit: { agencies: [{ name: 'X', kind: 'wire' }] } } })).toThrow(/rules\.credit\.agencies\[0\]\.kind: expected one of "staff", "agency", "handout", "pool", "stock"/);
    expect(() => resolvePolicy({ rules: { custom: [{ id: 'x' }] } })).toThrow(/rules\.custom\[0\]: expected a rule/);
  });

  it('refuses a mistyped rule id, naming the one meant, and knows every built-in rule and custom rules', () => {
    expect(() => resolvePolicy({ rules: { severity: { 'credit-unknow-agency': 'error' } } })).toThrow(/rules\.severity\.credit-unknow-agency: unknown rule id "credit-unknow-agency" \(did you mean "credit-unknown-agency"\?\)/);
    expect(() => resolvePolicy({ rules: { severity: { 'no-such-thing-at-all': 'off' } } })).toThrow(/unknown rule id "no-such-thing-at-all"$/m);
    expect(() => resolvePolicy({ rules: { severity: { 'my-rule': 'error' }, custom: [{ id: 'my-rule', severity: 'warning', check: () => null }] } })).not.toThrow();
    // The list the config checks against is the rules' own.
    expect([...BUILTIN_RULE_IDS].sort()).toEqual(BUILTIN_RULES.map((r) => r.id).sort());
    for (const id of BUILTIN_RULE_IDS) expect(resolvePolicy({ rules: { severity: { [id]: 'off' } } }).rules.severity[id]).toBe('off');
  });

  it('refuses an unknown legacyCharset at load, not per photo later', () => {
    expect(() => resolvePolicy({ legacyCharset: 'windows-1215' })).toThrow(/legacyCharset: not a character encoding/);
    expect(resolvePolicy({ legacyCharset: 'windows-1251' }).legacyCharset).toBe('windows-1251');
  });

  it('finds photodesk.config.json, .mjs and .ts in the working directory, and loads one given by path', async () => {
    rmSync(dir, { recursive: true, force: true });
    const json = path.join(dir, 'json');
    put(path.join(json, 'photodesk.config.json'), JSON.stringify({ site: 'JSON desk' }));
    expect((await loadConfig({ cwd: json })).policy.site).toBe('JSON desk');

    const mjs = path.join(dir, 'mjs');
    put(path.join(mjs, 'photodesk.config.mjs'), `export default { site: 'MJS desk', rules: { custom: [{ id: 'r', severity: 'info', description: '', check: () => null }] } };\n`);
    const loaded = await loadConfig({ cwd: mjs });
    expect(loaded.policy.site).toBe('MJS desk');
    expect(loaded.policy.rules.custom[0]!.id).toBe('r');

    const ts = path.join(dir, 'ts');
    const index = path.join(ROOT, 'src', 'index.ts').replaceAll('\\', '/');
    put(
      path.join(ts, 'photodesk.config.ts'),
      `import { defineConfig, type Rule } from '${index}';\nconst rule: Rule = { id: 'ts-rule', severity: 'warning', description: 'typed', check: () => null };\nexport default defineConfig({ site: 'TS desk', rules: { custom: [rule] } });\n`,
    );
    expect((await loadConfig({ cwd: ts })).policy.site).toBe('TS desk');
    expect((await loadConfig({ cwd: dir, file: 'json/photodesk.config.json' })).policy.site).toBe('JSON desk');
    expect((await loadConfig({ cwd: path.join(dir, 'none') })).file).toBeNull();
  });

  it('refuses a broken or missing config file with INVALID_CONFIG', async () => {
    put(path.join(dir, 'broken', 'photodesk.config.json'), '{ "site": ');
    await expect(loadConfig({ cwd: path.join(dir, 'broken') })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(loadConfig({ cwd: dir, file: 'nope.json' })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });
});
