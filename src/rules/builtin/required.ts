import type { Rule } from '../types.js';

const LABELS: Record<string, string> = { credit: 'credit', caption: 'caption', creator: 'byline (creator)', copyright: 'copyright notice' };

export const requiredFields: Rule = {
  id: 'required-fields',
  severity: 'error',
  description: 'The fields the desk requires (default: credit and caption) are present and not blank.',
  check({ metadata, policy }) {
    return policy.rules.required
      .filter((f) => {
        const v = metadata[f];
        return v === null || (Array.isArray(v) ? v.length === 0 : String(v).trim() === '');
      })
      .map((f) => ({ field: f, message: `No ${LABELS[f] ?? f}: add one before publishing`, value: null }));
  },
};
