import { createHash } from 'node:crypto';
import slugify from '@sindresorhus/slugify';
import { PhotodeskError } from '../errors.js';

import { EXT } from '../renditions/defaults.js';
import type { PlannedRendition } from '../renditions/types.js';

/**
 * The default rendition key template: by month, then by the photo's hash, then a readable name, the width,
 * the crop, and the hash of what decides the bytes ({render}), so other bytes never get the same key.
 */
export const DEFAULT_KEY_TEMPLATE = '{yyyy}/{mm}/{hash12}/{slug}-{width}{crop}-{render}.{ext}';
/** The default key of an edition's manifest (immutable: one per edition). */
export const DEFAULT_MANIFEST_TEMPLATE = '{yyyy}/{mm}/{hash12}/edition-{edition}.json';
/** The default key of a photo's pointer to its current edition (the one object that changes). */
export const DEFAULT_POINTER_TEMPLATE = '{yyyy}/{mm}/{hash12}/current.json';

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
  /** {crop}: "-" and the crop's name ("-16x9"), or nothing for the full frame. */
  crop?: string | null;
  /** {render}: the rendition's render hash (what decides its bytes). */
  render?: string;
  /** {edition}: the edition id. */
  edition?: string;
}

const MAX_KEY_BYTES = 1024; // S3's limit
/**
 * A file name is at most 255 bytes on every common file system; the local store adds ".json" (sidecars) and
 * ".lock" (pointer swaps) to a key's last segment, so segments stop short of that.
 */
const MAX_SEGMENT_BYTES = 240;

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
    crop: fields.crop ? `-${fields.crop.replace(/[^a-z0-9]+/gi, 'x')}` : '',
    render: fields.render ?? '',
    edition: fields.edition ?? '',
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
 * The key of one rendition: the only place it is computed, so a dry run, a publish, the markup and the
 * manifest always agree.
 */
export function renditionKey(template: string, photo: { sha256: string; name?: string | null; date: Date | null }, v: Pick<PlannedRendition, 'width' | 'crop' | 'format' | 'renderHash'>): string {
  return renderKey(template, { sha256: photo.sha256, name: photo.name ?? null, date: photo.date, width: v.width, crop: v.crop, format: v.format, ext: EXT[v.format], render: v.renderHash });
}

/** Which tokens each kind of template must hold to tell photos, renditions and editions apart. */
const REQUIRED_TOKENS = {
  rendition: [['{render}'], 'two renditions with other bytes would share a key'],
  manifest: [['{edition}'], 'two editions of a photo would share a manifest'],
  pointer: [['{hash}', '{hash12}'], 'two photos would share a pointer'],
} as const;

/**
 * Refuses a key template that cannot tell apart what it names (e.g. a rendition template without {render}).
 * @throws `INVALID_CONFIG`
 */
export function checkTemplate(kind: keyof typeof REQUIRED_TOKENS, template: string): void {
  const [tokens, why] = REQUIRED_TOKENS[kind];
  if (!tokens.some((t) => template.includes(t))) {
    throw new PhotodeskError('INVALID_CONFIG', `The ${kind} key template "${template}" needs ${tokens.join(' or ')}: without it ${why}`);
  }
  renderKey(template, { sha256: '0'.repeat(64), date: null, render: '0', edition: '0' }); // unknown tokens throw here
}

/**
 * Makes a key safe for every store: NFC; no control characters, backslashes, empty, "." or ".." segments,
 * leading or trailing slashes; each segment at most 240 bytes (a longer one cut with a hash suffix, so it stays
 * unique) and the whole at most 1,024 bytes (cut on character boundaries). A hostile name cannot climb out of the storage's prefix.
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

/**
 * A key segment no longer than {@link MAX_SEGMENT_BYTES}. A longer one is cut on a character boundary and ends
 * with "~" and 8 hex digits of the whole segment's hash, then its extension: two long names that share a
 * beginning (or a {render} hash past the cut) still give two keys, and the file type survives.
 */
function segment(s: string): string {
  const t = s.trim().replace(/^\.+$/, (dots) => (dots.length <= 2 ? dots : '_'));
  if (Buffer.byteLength(t) <= MAX_SEGMENT_BYTES) return t;
  const ext = /\.[a-z0-9]{1,8}$/i.exec(t)?.[0] ?? '';
  const tag = `~${createHash('sha256').update(t).digest('hex').slice(0, 8)}${ext}`;
  return cutBytes(t.slice(0, t.length - ext.length), MAX_SEGMENT_BYTES - tag.length) + tag;
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
