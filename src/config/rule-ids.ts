import leven from 'leven';

/**
 * The ids of the built-in rules, for checking the config's `rules.severity` keys when it is loaded (before any
 * rule runs). A test keeps this list equal to the rules' own ids (test/rules/config.test.ts).
 */
export const BUILTIN_RULE_IDS = [
  'required-fields',
  'credit-unknown-agency',
  'text-spoofing',
  'credit-format',
  'caption-placeholder',
  'caption-boilerplate',
  'caption-length',
  'caption-all-caps',
  'alt-text-length',
  'list-length',
  'creator-role-word',
  'embargo',
  'usage-restrictions',
  'ai-generated',
  'ai-composite',
  'min-size',
  'extension-mismatch',
  'file-integrity',
  'near-duplicate',
  'metadata-conflict',
  'text-normalize',
] as const;

/** The closest of `candidates` to a mistyped `word` (" (did you mean …?)"), or nothing when none is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = leven(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean "${best}"?)` : '';
}
