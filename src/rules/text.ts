/** Text helpers shared by the rules. */

/** NFC, whitespace runs collapsed to one space, trimmed: the form published text takes. */
export function tidyText(s: string): string {
  return s.normalize('NFC').replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/** The key names are matched by: NFKC, case-folded, spaces collapsed, outer punctuation dropped. */
export function matchKey(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s.,;:/\\|-]+|[\s.,;:/\\|-]+$/g, '');
}

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
