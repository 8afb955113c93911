import type { FieldRow } from '../src/metadata/fields.js';
/** The Markdown table of the descriptive fields (see fields-table.mjs). */
export function fieldsMarkdown(fields: readonly FieldRow[]): string;
