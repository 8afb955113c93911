/** Text helpers shared by the rules. */

/**
 * Characters that change how text reads without being seen: control characters (NUL, escapes), zero-width
 * space, word joiner, BOM, and the bidi embeddings, overrides and isolates (U+202E makes "SRETUER" print as
 * "REUTERS"). Never wanted in published text.
 */
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]/g;
/** In names (credit, creator) also the joiners and direction marks, which scripts need in running text only. */
const NAME_INVISIBLE = /[\u200c-\u200f]/g;
// Non-global twins for testing: a global RegExp's test() keeps state between calls.
const HAS_INVISIBLE = new RegExp(INVISIBLE.source);
const HAS_NAME_INVISIBLE = new RegExp(NAME_INVISIBLE.source);

/** True when `s` holds invisible or direction-changing characters (see INVISIBLE; `name` adds joiners and marks). */
export function hasInvisible(s: string, name = false): boolean {
  return HAS_INVISIBLE.test(s) || (name && HAS_NAME_INVISIBLE.test(s));
}

/** `s` without its invisible characters (with `name`, without joiners and direction marks either). */
export function stripInvisible(s: string, name = false): string {
  const out = s.replace(INVISIBLE, '');
  return name ? out.replace(NAME_INVISIBLE, '') : out;
}

/** Invisible characters out, NFC, whitespace runs collapsed to one space, trimmed: the form published text takes. */
export function tidyText(s: string): string {
  return stripInvisible(s).normalize('NFC').replace(/[\s\u00a0]+/g, ' ').trim();
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
