#!/usr/bin/env node
// Prints the field table (src/metadata/fields.ts, from the build) as the Markdown table of the README's
// "The metadata record". The README's copy is checked against it by test/metadata/fields.test.ts.
import { pathToFileURL } from 'node:url';

/** The Markdown table of the descriptive fields: key, XMP property, IIM dataset, EXIF tag, public or private. */
export function fieldsMarkdown(fields) {
  const kind = { text: 'text', langAlt: 'text (lang-alt)', seq: 'list', bag: 'list', integer: 'number', struct: 'structure', structs: 'list of structures' };
  const lines = ['| key | XMP | IIM | EXIF | value | published |', '|---|---|---|---|---|---|'];
  for (const r of fields) {
    const value = r.code ? 'code' : r.special === 'date' ? 'ISO 8601 date' : kind[r.kind];
    lines.push(`| \`${r.key}\` | ${r.xmp} | ${r.iim ? r.iim.id : ''} | ${r.exif ?? ''} | ${value} | ${r.public ? 'public' : 'private'} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { FIELDS } = await import('../dist/metadata/fields.js');
  console.log(fieldsMarkdown(FIELDS));
}
