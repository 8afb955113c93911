/**
 * Reading an embargo time from free text. No date library parses wire-service phrasing ("EMBARGOED UNTIL 0001
 * GMT MAY 1", "эмбарго до 12.04.2023 10:00 МСК"), so the handful of forms agencies use are matched here.
 * A time without a zone is taken as UTC.
 */
const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  янв: 1, фев: 2, мар: 3, апр: 4, мая: 5, май: 5, июн: 6, июл: 7, авг: 8, сен: 9, окт: 10, ноя: 11, дек: 12,
};
const ZONES: Record<string, string> = { gmt: 'Z', utc: 'Z', z: 'Z', msk: '+03:00', мск: '+03:00', cet: '+01:00', cest: '+02:00', bst: '+01:00', est: '-05:00', edt: '-04:00', pst: '-08:00', pdt: '-07:00' };

/** The phrase that announces an embargo, in English and Russian. */
// \b is ASCII-only even with the u flag, so word edges are spelled out for Cyrillic.
export const EMBARGO = /(?<![\p{L}\p{N}])(?:embargo(?:ed)?|эмбарго)(?![\p{L}\p{N}])/iu;

/** The embargo's end, from the text after "EMBARGO", or null when no date can be read. */
export function parseEmbargo(text: string, now: Date): Date | null {
  const at = text.search(EMBARGO);
  if (at < 0) return null;
  const s = text.slice(at).replace(EMBARGO, '').replace(/^[\s:,-]*(?:until|till|to|for|до)?\s*/iu, '');
  const zoneOf = (z: string | undefined) => (z ? (ZONES[z.toLowerCase()] ?? (/^[+-]\d{2}:?\d{2}$/.test(z) ? z.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z')) : 'Z');
  const iso = (y: number, mo: number, d: number, h = 0, mi = 0, zone = 'Z') => {
    const pad = (n: number) => String(n).padStart(2, '0');
    const date = new Date(`${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:00${zone}`);
    return Number.isNaN(date.getTime()) ? null : date;
  };
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2})?\s*(Z|[+-]\d{2}:?\d{2}|[a-zа-я]{3,4})?)?/iu.exec(s);
  if (m) return iso(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), zoneOf(m[6]));
  m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:[,\s]+(\d{1,2})[:.](\d{2})\s*([a-zа-я]{3,4}|[+-]\d{2}:?\d{2})?)?/iu.exec(s);
  if (m) return iso(+m[3]!, +m[2]!, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), zoneOf(m[6]));
  m = /^(\d{1,2})\s+([a-zа-я]{3,})\.?\s+(\d{4})(?:[,\s]+(\d{1,2})[:.](\d{2})\s*([a-zа-я]{3,4})?)?/iu.exec(s);
  if (m && MONTHS[m[2]!.slice(0, 3).toLowerCase()]) return iso(+m[3]!, MONTHS[m[2]!.slice(0, 3).toLowerCase()]!, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), zoneOf(m[6]));
  m = /^([a-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})(?:[,\s]+(?:at\s+)?(\d{1,2})[:.](\d{2})\s*([a-z]{3,4})?)?/i.exec(s);
  if (m && MONTHS[m[1]!.slice(0, 3).toLowerCase()]) return iso(+m[3]!, MONTHS[m[1]!.slice(0, 3).toLowerCase()]!, +m[2]!, +(m[4] ?? 0), +(m[5] ?? 0), zoneOf(m[6]));
  // Wire style: "0001 GMT MAY 1" (the year is the current one).
  m = /^(\d{2})(\d{2})\s+([a-z]{3,4})\s+([a-z]{3,})\.?\s+(\d{1,2})/i.exec(s);
  if (m && MONTHS[m[4]!.slice(0, 3).toLowerCase()]) return iso(now.getUTCFullYear(), MONTHS[m[4]!.slice(0, 3).toLowerCase()]!, +m[5]!, +m[1]!, +m[2]!, zoneOf(m[3]));
  return null;
}
