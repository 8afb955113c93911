import type { Warning } from '../ingest/types.js';
import { normalizeText, sameTextAnyCharset } from './charset.js';
import type { Provenance } from './types.js';

/**
 * Reconciliation of EXIF, IPTC-IIM and XMP as the Metadata Working Group prescribes, following ExifTool's
 * MWG module: a non-blank EXIF value wins; otherwise XMP, unless IIM exists and its digest shows it was edited
 * after the XMP was written (then IIM, the newer copy). The same rule, without EXIF, serves the IPTC-only
 * fields (credit, source, headline...). Two refinements: an IIM value that is a cut-off (at its byte limit)
 * or a mis-decoded form of the XMP value defers to XMP, and a real disagreement is reported as a warning.
 */

/** Whether the IIM block is in sync with XMP, from the IPTC digest (Photoshop IRB 0x0425). */
export type DigestState = 'no-iim' | 'no-digest' | 'match' | 'mismatch';

/** One IIM value: its raw bytes and its decoded text. */
export interface IimValue {
  bytes: Buffer;
  text: string;
  /** True when the writer cut the value inside a multi-byte character. */
  partial?: boolean;
}

/** The candidates for one field. */
export interface Candidates<T> {
  exif?: T | null;
  iim?: T extends string[] ? IimValue[] | null : IimValue | null;
  xmp?: T | null;
}

/** The chosen value and where it came from. */
export interface Chosen<T> {
  value: T | null;
  source: Provenance | null;
}

/** Reconciles a single-valued text field. `limit` is the IIM byte limit of the field. */
export function chooseText(
  field: string,
  c: Candidates<string>,
  digest: DigestState,
  limit: number,
  warnings: Warning[],
  legacy?: string,
): Chosen<string> {
  const exif = blankToNull(c.exif);
  const xmp = blankToNull(c.xmp);
  const iim = c.iim && c.iim.text.trim() !== '' ? c.iim : null;
  if (exif !== null) {
    const other = xmp ?? iim?.text ?? null;
    if (other !== null && normalizeText(other) !== normalizeText(exif) && !(iim && xmp === null && iimEquals(iim, exif, limit, legacy))) {
      warnings.push(conflict(field, `EXIF has "${clip(exif)}" and ${xmp !== null ? 'XMP' : 'IIM'} has "${clip(other)}"; EXIF is used, as MWG prescribes`));
    }
    return { value: exif, source: 'exif' };
  }
  if (iim === null) return xmp === null ? { value: null, source: null } : { value: xmp, source: 'xmp' };
  if (xmp === null) return { value: iim.text, source: 'iim' };
  if (iimEquals(iim, xmp, limit, legacy)) return { value: xmp, source: 'xmp' };
  if (digest === 'mismatch') {
    warnings.push(conflict(field, `IIM has "${clip(iim.text)}" and XMP has "${clip(xmp)}"; IIM is used, since it was edited after the XMP (IPTC digest differs)`));
    return { value: iim.text, source: 'iim' };
  }
  warnings.push(conflict(field, `XMP has "${clip(xmp)}" and IIM has "${clip(iim.text)}"; XMP is used`));
  return { value: xmp, source: 'xmp' };
}

/** Reconciles a list field (creator, keywords) item by item, with the same precedence. */
export function chooseList(
  field: string,
  c: Candidates<string[]>,
  digest: DigestState,
  limit: number,
  warnings: Warning[],
  legacy?: string,
): Chosen<string[]> {
  const exif = c.exif && c.exif.length > 0 ? c.exif : null;
  const xmp = c.xmp && c.xmp.length > 0 ? c.xmp : null;
  const iim = c.iim && c.iim.length > 0 ? c.iim : null;
  if (exif) {
    const other = xmp ?? iim?.map((v) => v.text) ?? null;
    if (other && normalizeText(other.join('; ')) !== normalizeText(exif.join('; '))) {
      warnings.push(conflict(field, `EXIF has "${clip(exif.join('; '))}" and ${xmp ? 'XMP' : 'IIM'} has "${clip(other.join('; '))}"; EXIF is used, as MWG prescribes`));
    }
    return { value: exif, source: 'exif' };
  }
  if (!iim) return xmp ? { value: xmp, source: 'xmp' } : { value: null, source: null };
  if (!xmp) return { value: iim.map((v) => v.text), source: 'iim' };
  const same = iim.length === xmp.length && iim.every((v, i) => iimEquals(v, xmp[i]!, limit, legacy));
  if (same) return { value: xmp, source: 'xmp' };
  if (digest === 'mismatch') {
    warnings.push(conflict(field, `IIM has "${clip(iim.map((v) => v.text).join('; '))}" and XMP has "${clip(xmp.join('; '))}"; IIM is used, since it was edited after the XMP (IPTC digest differs)`));
    return { value: iim.map((v) => v.text), source: 'iim' };
  }
  warnings.push(conflict(field, `XMP has "${clip(xmp.join('; '))}" and IIM has "${clip(iim.map((v) => v.text).join('; '))}"; XMP is used`));
  return { value: xmp, source: 'xmp' };
}

/**
 * True when the IIM value says what `other` says: the same text, the same text in another charset, or `other`
 * cut at the field's byte limit (IIM Credit and By-line hold 32 bytes, XMP has no limit).
 */
export function iimEquals(iim: IimValue, other: string, limit: number, legacy?: string): boolean {
  const a = normalizeText(iim.text);
  const b = normalizeText(other);
  if (a === b) return true;
  if (iim.bytes.length >= limit - 1 && iim.bytes.length <= limit) {
    const full = Buffer.from(other.normalize('NFC'), 'utf8');
    if (full.length > iim.bytes.length && full.subarray(0, iim.bytes.length).equals(iim.bytes)) return true;
    if (b.length > a.length && b.startsWith(a)) return true;
  }
  return sameTextAnyCharset(iim.bytes, other, legacy);
}

function blankToNull(s: string | null | undefined): string | null {
  return s === undefined || s === null || s.trim() === '' ? null : s;
}

function conflict(field: string, detail: string): Warning {
  return { code: 'METADATA_CONFLICT', message: `${field}: ${detail}` };
}

function clip(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}
