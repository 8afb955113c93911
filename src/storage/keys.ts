import slugify from '@sindresorhus/slugify';
import { PhotodeskError } from '../errors.js';

/** The default key template: by month, then by the photo's hash, then a readable name. */
export const DEFAULT_KEY_TEMPLATE = '{yyyy}/{mm}/{hash12}/{slug}-{width}.{ext}';

/** Values for a key template's tokens. */
export interface KeyFields {
  /** The photo's SHA-256 (hex): {hash}, {hash12}, {hash8}. */
  sha256: string;
  /** The original file name: {slug} (an ASCII slug of it) and {name} (sanitized). */
  name?: string | null;
  /** {width}: a rendition's width, or e.g. "manifest". */
  width?: number | string;
  /** {ext}: file extension without the dot. */
  ext?: string;
  /** {format}. */
  format?: string;
  /** {yyyy}, {mm}, {dd} (UTC). Default: now; null for an undated photo ("undated/00/00"). */
  date?: Date | null;
}

const MAX_KEY_BYTES = 1024; // S3's limit
const MAX_SEGMENT_BYTES = 255; // a file name on every common file system

/** Renders a key template and sanitizes the result (see {@link sanitizeKey}). */
export function renderKey(template: string, fields: KeyFields): string {
  const date = fields.date === undefined ? new Date() : fields.date;
  const values: Record<string, string> = {
    yyyy: date ? String(date.getUTCFullYear()) : 'undated',
    mm: date ? String(date.getUTCMonth() + 1).padStart(2, '0') : '00',
    dd: date ? String(date.getUTCDate()).padStart(2, '0') : '00',
    hash: fields.sha256,
    hash12: fields.sha256.slice(0, 12),
    hash8: fields.sha256.slice(0, 8),
    slug: slugOf(fields.name),
    name: segment(baseName(fields.name ?? 'photo')),
    width: String(fields.width ?? ''),
    ext: String(fields.ext ?? ''),
    format: String(fields.format ?? ''),
  };
  const key = template.replace(/\{([a-z0-9]+)\}/gi, (whole, token: string) => {
    const v = values[token];
    if (v === undefined) throw new PhotodeskError('INVALID_CONFIG', `Unknown token ${whole} in the key template "${template}"`);
    // A value never adds path levels: slashes inside it are flattened.
    return v.replace(/[\\/]+/g, '-');
  });
  return sanitizeKey(key);
}

/**
 * Makes a key safe for every store: NFC; no control characters, backslashes, empty, "." or ".." segments,
 * leading or trailing slashes; each segment at most 255 bytes and the whole at most 1,024 bytes (cut on
 * character boundaries). A hostile name cannot climb out of the storage's prefix.
 * @throws `INVALID_KEY` when nothing is left.
 */
export function sanitizeKey(key: string): string {
  const parts = key
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/\\/g, '/')
    .split('/')
    .map((p) => segment(p))
    .filter((p) => p !== '' && p !== '.' && p !== '..');
  let out = parts.join('/');
  if (Buffer.byteLength(out) > MAX_KEY_BYTES) out = cutBytes(out, MAX_KEY_BYTES).replace(/\/+$/, '');
  if (out === '') throw new PhotodeskError('INVALID_KEY', `The key "${key.slice(0, 80)}" is empty once sanitized`);
  return out;
}

/** An ASCII slug of a file name without its extension (Cyrillic is transliterated), at most 80 characters. */
export function slugOf(name: string | null | undefined): string {
  const base = baseName(name ?? '').replace(/\.[a-z0-9]{1,5}$/i, '');
  const slug = slugify(base, { lowercase: true, decamelize: false }).slice(0, 80).replace(/-+$/, '');
  return slug === '' ? 'photo' : slug;
}

function baseName(p: string): string {
  return p.split(/[\\/]/).filter(Boolean).pop() ?? '';
}

function segment(s: string): string {
  const t = s.trim().replace(/^\.+$/, (dots) => (dots.length <= 2 ? dots : '_'));
  return Buffer.byteLength(t) > MAX_SEGMENT_BYTES ? cutBytes(t, MAX_SEGMENT_BYTES) : t;
}

/** The longest prefix of `s` that fits in `max` UTF-8 bytes, never splitting a character. */
function cutBytes(s: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > max) break;
    out += ch;
    bytes += b;
  }
  return out;
}

/** Joins a storage prefix and a key, both sanitized. */
export function joinKey(prefix: string, key: string): string {
  const p = prefix.trim() === '' ? '' : sanitizeKey(prefix);
  const k = sanitizeKey(key);
  return p ? `${p}/${k}` : k;
}
