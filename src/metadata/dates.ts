/** Date conversions to ISO 8601 from the three ways photo metadata writes a date. */

/** EXIF "YYYY:MM:DD HH:MM:SS" with optional sub-seconds and "+HH:MM" offset. Null for blank or zero dates. */
export function exifDate(value: string | null, subSec: string | null, offset: string | null): string | null {
  if (!value) return null;
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value.trim());
  if (!m || m[1] === '0000' || m[2] === '00' || m[3] === '00') return null;
  let out = `${m[1]}-${m[2]}-${m[3]}`;
  if (m[4] !== undefined) {
    out += `T${m[4]}:${m[5]}:${m[6] ?? '00'}`;
    const sub = subSec?.trim();
    if (sub && /^\d+$/.test(sub)) out += `.${sub}`;
    const off = offset?.trim();
    if (off && /^[+-]\d{2}:\d{2}$/.test(off)) out += off;
  }
  return validDate(out) ? out : null;
}

/** XMP dates are already ISO 8601 (possibly partial: "2023", "2023-04"). Kept as written when valid. */
export function xmpDate(value: string | null): string | null {
  if (!value) return null;
  const v = value.trim();
  if (!/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.test(v)) return null;
  return validDate(v) ? v : null;
}

/** IIM 2:55 "CCYYMMDD" and 2:60 "HHMMSS±HHMM". */
export function iimDate(date: string | null, time: string | null): string | null {
  if (!date) return null;
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
  if (!d || d[1] === '0000' || d[2] === '00' || d[3] === '00') return null;
  let out = `${d[1]}-${d[2]}-${d[3]}`;
  const t = time ? /^(\d{2})(\d{2})(\d{2})(?:([+-])(\d{2})(\d{2}))?$/.exec(time.trim()) : null;
  if (t) {
    out += `T${t[1]}:${t[2]}:${t[3]}`;
    if (t[4]) out += `${t[4]}${t[5]}:${t[6]}`;
  }
  return validDate(out) ? out : null;
}

function validDate(iso: string): boolean {
  const [y, mo, d] = iso.slice(0, 10).split('-').map(Number);
  if (mo !== undefined && (mo < 1 || mo > 12)) return false;
  if (d !== undefined && (d < 1 || d > 31)) return false;
  return y !== undefined && y > 0;
}
