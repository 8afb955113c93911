import { altText } from '../alt-text.js';
import type { Rule } from '../types.js';
import { PUBLIC_LISTS } from '../../metadata/fields.js';

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

export const listLength: Rule = {
  id: 'list-length',
  severity: 'warning',
  description: 'A list field (keywords, persons shown...) has at most rules.lists.maxItems (100) items; only that many are published.',
  check({ metadata, policy }) {
    const max = policy.rules.lists.maxItems;
    return PUBLIC_LISTS.filter((k) => metadata[k].length > max).map((k) => ({
      field: k,
      message: `${k}: ${metadata[k].length} items; the first ${max} are published (rules.lists.maxItems), the private record keeps them all`,
      value: metadata[k].length,
    }));
  },
};
