import { altText } from '../alt-text.js';
import type { Rule } from '../types.js';

export const altTextLength: Rule = {
  id: 'alt-text-length',
  severity: 'warning',
  description: 'The alt text fits rules.altText.maxLength (400); a longer one is cut after its last whole sentence.',
  check({ fixed, policy }) {
    const max = policy.rules.altText.maxLength;
    const full = altText(fixed, { ...policy, rules: { ...policy.rules, altText: { ...policy.rules.altText, maxLength: Number.MAX_SAFE_INTEGER } } });
    if ([...full].length <= max) return null;
    const cut = altText(fixed, policy);
    return { field: null, message: `The alt text would be ${[...full].length} characters; it is cut to ${[...cut].length} (${max} at most): "${cut.slice(0, 60)}…"`, value: [...full].length };
  },
};
