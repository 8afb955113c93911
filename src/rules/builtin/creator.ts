import { matchKey } from '../text.js';
import type { Rule } from '../types.js';

export const creatorRoleWord: Rule = {
  id: 'creator-role-word',
  severity: 'warning',
  description: 'The byline is a person, not a role word (HANDOUT, STAFF, POOL...) standing in for a name.',
  check({ metadata, policy }) {
    const roles = new Set(policy.rules.creator.roleWords.map(matchKey));
    const bad = metadata.creator.filter((c) => roles.has(matchKey(c)));
    if (bad.length === 0) return null;
    const after = metadata.creator.filter((c) => !roles.has(matchKey(c)));
    return {
      field: 'creator',
      message: `The byline "${bad.join(', ')}" is a role, not a photographer's name; it is removed${after.length ? '' : ': find out who took the photo'}`,
      value: metadata.creator,
      fix: { field: 'creator', before: metadata.creator, after },
    };
  },
};
