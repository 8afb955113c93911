/**
 * User metadata for object stores. S3 sends it as HTTP headers, which must be ASCII, and caps it at 2 KB.
 * Non-ASCII values (a Cyrillic credit) are written as RFC 2047 encoded words, "=?UTF-8?B?<base64>?=", the
 * form S3 itself returns for non-ASCII metadata and that HTTP tools recognise; they are decoded on read.
 */
const ENCODED = /^=\?UTF-8\?B\?([A-Za-z0-9+/]*={0,2})\?=$/i;
const PLAIN = /^[\x20-\x7e]*$/;

/** S3's limit on the user metadata of one object (keys and values, in bytes). */
export const METADATA_LIMIT = 2048;

/** Encodes one value for a header: printable ASCII as is, anything else as an RFC 2047 encoded word. */
export function encodeValue(v: string): string {
  if (PLAIN.test(v) && !ENCODED.test(v)) return v;
  return `=?UTF-8?B?${Buffer.from(v.normalize('NFC'), 'utf8').toString('base64')}?=`;
}

/** Decodes a value written by {@link encodeValue}. */
export function decodeValue(v: string): string {
  const m = ENCODED.exec(v.trim());
  return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : v;
}

/**
 * Encodes a metadata map: keys lower-case ASCII (`[a-z0-9-]`), values encoded. When the total passes the
 * 2 KB limit, the longest values (a caption) are shortened with an ellipsis until it fits; `protect` keys
 * (the hash photodesk verifies with) are never shortened.
 */
export function encodeMetadata(meta: Record<string, string>, protect: readonly string[] = []): Record<string, string> {
  const entries = Object.entries(meta)
    .map(([k, v]) => [k.toLowerCase().replace(/[^a-z0-9-]/g, '-'), v] as [string, string])
    .filter(([k]) => k !== '');
  const size = () => entries.reduce((n, [k, v]) => n + k.length + encodeValue(v).length, 0);
  while (size() > METADATA_LIMIT) {
    const longest = entries.filter(([k]) => !protect.includes(k)).sort((a, b) => encodeValue(b[1]).length - encodeValue(a[1]).length)[0];
    if (!longest || longest[1].length <= 1) break;
    const chars = [...longest[1]];
    longest[1] = chars.slice(0, Math.max(1, Math.floor(chars.length * 0.8)) - 1).join('') + '…';
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, encodeValue(v)]));
}

/** Decodes a metadata map read back from a store. */
export function decodeMetadata(meta: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(meta ?? {}).map(([k, v]) => [k.toLowerCase(), decodeValue(v)]));
}
