import type { Rule, RuleOutcome } from '../types.js';
import { hasInvisible } from '../text.js';

/** Running text where invisible characters are removed by the cleaners (a warning: the fix is safe). */
const TEXT_FIELDS = ['caption', 'headline', 'title', 'copyright'] as const;

export const textSpoofing: Rule = {
  id: 'text-spoofing',
  severity: 'error',
  description: 'No control, zero-width or bidi-override characters: an error in credit and creator (a reversed or hidden name), removed from captions with a warning.',
  check({ metadata, fixed }) {
    const out: RuleOutcome[] = [];
    // Credit and byline decide who is named: a hidden or reversed part needs a person's look, not a silent fix.
    if (metadata.credit && hasInvisible(metadata.credit, true)) {
      out.push({ field: 'credit', message: `The credit holds invisible or direction-changing characters (${describe(metadata.credit)}): it may not read as it prints`, value: metadata.credit, fix: { field: 'credit', before: metadata.credit, after: fixed.credit } });
    }
    const spoofed = metadata.creator.filter((c) => hasInvisible(c, true));
    if (spoofed.length > 0) {
      out.push({ field: 'creator', message: `The byline holds invisible or direction-changing characters (${spoofed.map(describe).join('; ')})`, value: metadata.creator, fix: { field: 'creator', before: metadata.creator, after: fixed.creator } });
    }
    for (const f of TEXT_FIELDS) {
      const v = metadata[f];
      if (v && hasInvisible(v)) out.push({ severity: 'warning', field: f, message: `${f}: invisible or direction-changing characters (${describe(v)}) are removed`, value: v, fix: { field: f, before: v, after: fixed[f] } });
    }
    return out;
  },
};

/** The code points that are invisible, as U+XXXX. */
function describe(s: string): string {
  const seen = new Set<string>();
  for (const ch of s) if (hasInvisible(ch, true)) seen.add(`U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  return [...seen].join(' ');
}
