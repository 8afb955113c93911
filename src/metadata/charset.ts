/**
 * Text decoding for IPTC-IIM, whose strings carry no encoding of their own unless 1:90 declares one.
 * Node's ICU-backed TextDecoder knows the legacy code pages (windows-1251, windows-1252, macintosh...), so no
 * conversion table is written by hand here.
 */

import { TextDecoder } from 'node:util';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const decoders = new Map<string, TextDecoder>();

/** A TextDecoder for `label`, created once. Throws a RangeError for labels the runtime does not know. */
export function decoderFor(label: string): TextDecoder {
  let d = decoders.get(label);
  if (!d) {
    d = new TextDecoder(label);
    decoders.set(label, d);
  }
  return d;
}

/** True when every byte is below 0x80. */
export function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

/** The bytes as UTF-8 when they are valid UTF-8, else null. */
export function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The IIM 1:90 CodedCharacterSet escape sequences photodesk understands, mapped to WHATWG encoding labels.
 * UTF-8 (ESC % G) is the only one in wide use; the ISO 2022 designations of Latin-1 appear in old archives.
 */
export function charsetFrom190(value: Uint8Array | undefined): string | null {
  if (!value || value.length === 0) return null;
  const s = Buffer.from(value).toString('latin1');
  if (s === '\x1b%G' || s === '\x1b%/I' || s === '\x1b%/G') return 'utf-8';
  if (s === '\x1b.A' || s === '\x1b-A') return 'iso-8859-1';
  if (s === '\x1b(B') return 'us-ascii';
  if (s === '\x1b-L') return 'iso-8859-5';
  return null;
}

/** How an IIM string was decoded: the declared charset, detected UTF-8, or the legacy fallback. */
export type IimDecoding = 'declared' | 'utf-8-detected' | 'legacy' | 'ascii';

/**
 * Decodes one IIM string: the 1:90 declaration wins; without one, valid UTF-8 is UTF-8 (the common case for
 * modern agencies that forget 1:90), otherwise the desk's legacy charset (cp1252 by default, cp1251 for a
 * Russian-language archive).
 */
export function decodeIim(
  bytes: Uint8Array,
  declared: string | null,
  legacy: string,
): { text: string; how: IimDecoding; partial: boolean } {
  if (isAscii(bytes)) return { text: Buffer.from(bytes).toString('latin1'), how: 'ascii', partial: false };
  const label = declared === 'us-ascii' ? 'windows-1252' : declared;
  if (label && label !== 'utf-8') return { text: decoderFor(label).decode(bytes), how: 'declared', partial: false };
  // A value cut at its byte limit by the writer may end inside a UTF-8 sequence: drop the dangling bytes.
  const whole = completeUtf8(bytes);
  const utf8 = tryUtf8(whole);
  const partial = whole.length < bytes.length;
  if (utf8 !== null) return { text: utf8, how: label ? 'declared' : 'utf-8-detected', partial };
  if (label) return { text: decoderFor('utf-8').decode(bytes), how: 'declared', partial: false };
  return { text: decoderFor(legacy).decode(bytes), how: 'legacy', partial: false };
}

/** `bytes` without a trailing, incomplete UTF-8 sequence (at most 3 bytes are dropped). */
export function completeUtf8(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

/** Charsets a mis-decoded IIM value is tried against before it is called a real disagreement with XMP. */
const MISDECODE_CANDIDATES = ['utf-8', 'windows-1252', 'macintosh', 'windows-1251', 'iso-8859-1'];

/**
 * True when the IIM bytes are the XMP text in some encoding: the two copies say the same thing and only the
 * decoding of the IIM copy differs (the XMP copy, always Unicode, is then the right one).
 */
export function sameTextAnyCharset(iimBytes: Uint8Array, xmpText: string, extra?: string): boolean {
  const target = normalizeText(xmpText);
  for (const label of extra ? [extra, ...MISDECODE_CANDIDATES] : MISDECODE_CANDIDATES) {
    if (normalizeText(decoderFor(label).decode(iimBytes)) === target) return true;
  }
  return false;
}

/** Trim, collapse inner runs of whitespace, NFC: the form two copies of a value are compared in. */
export function normalizeText(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}
