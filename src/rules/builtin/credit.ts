import { renderCreditLine } from '../agencies.js';
import type { Rule } from '../types.js';

export const creditUnknownAgency: Rule = {
  id: 'credit-unknown-agency',
  severity: 'warning',
  description: 'The credit names an agency the registry knows (by its name or one of its aliases).',
  check({ metadata, policy, credit: m }) {
    if (!metadata.credit || !m || policy.rules.credit.agencies.length === 0) return null;
    if (m.agency) return null;
    return { field: 'credit', message: `"${m.cleaned}" is not an agency in the registry: check the spelling or add it (with its aliases)`, value: metadata.credit };
  },
};

export const creditFormat: Rule = {
  id: 'credit-format',
  severity: 'warning',
  description: 'The credit is the canonical agency name (or its house credit line); aliases and dirty forms are fixed.',
  check({ metadata, policy, credit: m }) {
    if (!metadata.credit || !m) return null;
    const canonical = m.agency?.name ?? m.cleaned;
    if (canonical === metadata.credit) return null;
    const why = m.agency && m.steps.length === 0 ? `an alias of ${m.agency.name}` : m.steps.join(', ');
    const line = renderCreditLine(canonical, m.agency, policy, metadata.creator[0] ?? null);
    return {
      field: 'credit',
      message: `Credit "${metadata.credit}" becomes "${canonical}" (${why || 'house form'}); it prints as "${line}"`,
      value: metadata.credit,
      fix: { field: 'credit', before: metadata.credit, after: canonical },
    };
  },
};
