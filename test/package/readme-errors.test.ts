import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/index.js';
import { ROOT } from '../helpers/paths.js';

/* A script that branches on `error.code` learns the codes from the README: its table is the whole contract. */
describe("the README's error codes", () => {
  it('lists every code photodesk can throw, once, and no code it cannot', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Error codes\n'), readme.indexOf('\n## ', readme.indexOf('\n## Error codes\n') + 1));
    const listed = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });
});
