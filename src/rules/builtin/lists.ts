import type { Rule } from '../types.js';
import { PUBLIC_LISTS } from '../../metadata/fields.js';

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
