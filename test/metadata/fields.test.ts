import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELDS, PRIVATE_FIELDS, PUBLIC_FIELDS, TEXT_FIELDS } from '../../src/metadata/fields.js';
import { PREFIXES, xmpName } from '../../src/metadata/structs.js';
import { fieldsMarkdown } from '../../scripts/fields-table.mjs';
import { ROOT } from '../helpers/paths.js';

describe('the field table', () => {
  it('has one row per key and per XMP property, every prefix known', () => {
    expect(new Set(FIELDS.map((r) => r.key)).size).toBe(FIELDS.length);
    expect(new Set(FIELDS.map((r) => r.xmp)).size).toBe(FIELDS.length);
    for (const r of FIELDS) expect(PREFIXES[xmpName(r.xmp).prefix], r.xmp).toBeDefined();
    expect(new Set(FIELDS.filter((r) => 'iim' in r).map((r) => (r as { iim: { id: string } }).iim.id)).size).toBe(FIELDS.filter((r) => 'iim' in r).length);
  });

  it('keeps what a desk must not publish private', () => {
    for (const k of ['instructions', 'captionWriter', 'jobId', 'creatorContact', 'modelReleaseId', 'propertyReleaseId', 'modelAge']) expect(PRIVATE_FIELDS, k).toContain(k);
    expect(PUBLIC_FIELDS.length + PRIVATE_FIELDS.length).toBe(FIELDS.length);
    expect(TEXT_FIELDS).toContain('altText');
  });

  it('is the table the README shows (scripts/fields-table.mjs prints it)', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(fieldsMarkdown(FIELDS));
  });
});
