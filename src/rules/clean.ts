import type { Policy } from '../config/schema.js';
import type { PhotoMetadata } from '../metadata/types.js';
import { creditWasCut, matchCredit, type CreditMatch } from './agencies.js';
import { matchKey, stripInvisible, tidyText } from './text.js';
import { PUBLIC_LISTS, TIDY_LISTS, TIDY_TEXT } from '../metadata/fields.js';

/**
 * Agency boilerplate left in captions by wire feeds, removed by the caption cleaner. Each pattern matches at
 * the start or the end of a caption only, so a caption that talks about a photographer is left alone.
 */
export const CAPTION_BOILERPLATE: readonly RegExp[] = [
  /\s*Mandatory Credit:\s*Photo by\s+[^\n]*?(?:\s*\([0-9a-z]+\))?\s*\.?$/i, // Shutterstock / Rex
  /\s*\((?:Photo|Photograph|Picture)\s+by\s+[^()]+\)\s*\.?$/i, // "(Photo by X/Getty Images)"
  /\s*\((?:AP|AFP|Reuters|EPA)\s+Photo(?:\s*\/\s*[^()]+)?\)\s*\.?$/i, // "(AP Photo/Name)"
  /\s*REUTERS\s*\/\s*[\p{L}.' -]+$/u, // "... REUTERS/John Smith"
  /\s*EPA(?:-EFE)?\s*\/\s*[\p{L}.' -]+$/u,
  /^\s*(?:Mandatory Credit|Credit):\s*[^\n.]*?(?:\([0-9a-z]+\))?\s*[.\n]\s*/i,
];

/** Removes wire boilerplate from a caption (see {@link CAPTION_BOILERPLATE}) and tidies it. */
export function cleanCaption(caption: string): string {
  let s = tidyText(caption);
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of CAPTION_BOILERPLATE) {
      const next = s.replace(re, '').trim();
      if (next !== s && next !== '') {
        s = next;
        changed = true;
      }
    }
  }
  return s;
}

/** The tidied text fields (the field table's `tidy` rows) that no other cleaner owns. */
const TEXT_KEYS = TIDY_TEXT.filter((k) => k !== 'credit' && k !== 'caption');
const LIST_KEYS = TIDY_LISTS.filter((k) => k !== 'creator' && k !== 'keywords');

/** The metadata with every safe cleaner applied, and the credit match the cleaners found. */
export interface Cleaned {
  fixed: PhotoMetadata;
  credit: CreditMatch | null;
}

/**
 * Applies the safe cleaners: credit to its canonical agency (or its cleaned form), caption without
 * boilerplate, role words out of the byline, every text NFC with its whitespace tidied. A copy: the
 * metadata given (and the file) are never changed.
 */
export function cleanMetadata(m: PhotoMetadata, policy: Policy): Cleaned {
  const credit = m.credit ? matchCredit(stripInvisible(m.credit, true), policy, { truncated: creditWasCut(m) }) : null;
  const roles = new Set(policy.rules.creator.roleWords.map(matchKey));
  const fixed: PhotoMetadata = {
    ...m,
    credit: credit ? (credit.agency?.name ?? credit.cleaned) : m.credit,
    caption: m.caption === null ? null : cleanCaption(m.caption),
    creator: m.creator.map((c) => tidyText(stripInvisible(c, true))).filter((c) => c !== '' && !roles.has(matchKey(c))),
    keywords: [...new Set(m.keywords.map(tidyText).filter((k) => k !== ''))],
  };
  const out = fixed as unknown as Record<string, unknown>;
  for (const k of TEXT_KEYS) {
    const v = m[k];
    if (v !== null) out[k] = tidyText(v);
  }
  for (const k of LIST_KEYS) out[k] = m[k].map(tidyText).filter((v) => v !== '');
  // What is published of a list is capped (rule list-length says so); the private record keeps every item.
  for (const k of PUBLIC_LISTS) if (fixed[k].length > policy.rules.lists.maxItems) out[k] = fixed[k].slice(0, policy.rules.lists.maxItems);
  return { fixed, credit };
}
