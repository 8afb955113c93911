import { FIELDS, type FieldRow } from '../../src/metadata/fields.js';
import { xmpName, type StructSchema } from '../../src/metadata/structs.js';
import type { PhotoMetadata } from '../../src/index.js';

/** ExifTool's group of a row's XMP property ("XMP-iptcExt"). */
export const groupOf = (row: FieldRow): string => `XMP-${xmpName(row.xmp).prefix.replace(/^Iptc4xmp/, 'iptc')}`;
const ucfirst = (s: string): string => s[0]!.toUpperCase() + s.slice(1);
/** ExifTool's tag name of a row. */
export const etName = (row: FieldRow): string => row.et ?? ucfirst(xmpName(row.xmp).local);
/** `group:name`, as `exiftool -G1 -json` keys it. */
export const etTag = (row: FieldRow): string => `${groupOf(row)}:${etName(row)}`;

/** A structure in ExifTool's -struct shape: ExifTool's field names, absent fields left out. */
export function asExifTool(value: unknown, schema: StructSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(schema)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    const name = ucfirst(xmpName(f.xmp).local);
    if (f.kind === 'structs') out[name] = (v as unknown[]).map((i) => asExifTool(i, f.struct!));
    else if (f.kind === 'struct') out[name] = asExifTool(v, f.struct!);
    else out[name] = v;
  }
  return out;
}

/** One form for both sides: numbers as text, dates as digits, object keys sorted. */
export function norm(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(norm);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  const s = typeof v === 'number' ? String(v) : v;
  if (typeof s === 'string' && /^\d{4}[-:]\d{2}[-:]\d{2}/.test(s)) return s.replace(/Z$/, '+00:00').replace(/[-:T ]/g, '');
  return s;
}

/** A record's value of a row in ExifTool's shape. */
export function recordValue(row: FieldRow, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (row.kind === 'structs') return (value as unknown[]).map((i) => asExifTool(i, row.struct!));
  if (row.kind === 'struct') return asExifTool(value, row.struct!);
  return value;
}

/** ExifTool's value of a row in a `-json -struct -G1 -n` reading, lists as lists and codes as codes. */
export function exifToolValue(row: FieldRow, tags: Record<string, unknown>): unknown {
  const raw = tags[etTag(row)];
  if (raw === undefined) return undefined;
  if ((row.kind === 'seq' || row.kind === 'bag' || row.kind === 'structs') && !Array.isArray(raw)) return [raw];
  if (row.code) return String(raw).replace(/\/+$/, '').split('/').pop();
  return raw;
}

export const same = (a: unknown, b: unknown): boolean => JSON.stringify(norm(a)) === JSON.stringify(norm(b));

/** Every row, typed loosely for tests. */
export const ROWS = FIELDS as readonly FieldRow[];
export type { PhotoMetadata };
