import { EMBARGO, parseEmbargo } from './embargo.js';
import type { Rule } from '../types.js';

/** Usage restrictions agencies put in the instructions field, surfaced to the desk. */
export const RESTRICTION_PHRASES: readonly [RegExp, string][] = [
  [/editorial\s+use\s+only/i, 'EDITORIAL USE ONLY'],
  [/no\s+archiv(?:e|es|ing)/i, 'NO ARCHIVE'],
  [/no\s+(?:re)?sales?\b/i, 'NO SALES'],
  [/no\s+third[\s-]party\s+sales?/i, 'NO THIRD PARTY SALES'],
  [/no\s+commercial\s+use/i, 'NO COMMERCIAL USE'],
  [/not\s+for\s+(?:marketing|advertising)/i, 'NOT FOR MARKETING OR ADVERTISING'],
  [/no\s+(?:mags|magazines)\b/i, 'NO MAGAZINES'],
  [/no\s+books?\b/i, 'NO BOOKS'],
  [/no\s+tv\b/i, 'NO TV'],
  [/mandatory\s+credit/i, 'MANDATORY CREDIT'],
  [/one[\s-]time\s+use/i, 'ONE-TIME USE'],
  [/только\s+для\s+редакционного\s+использования/iu, 'EDITORIAL USE ONLY'],
];

function instructionsText(m: { instructions: string | null; usageTerms: string | null }): string {
  return [m.instructions, m.usageTerms].filter((s): s is string => !!s).join(' \n ');
}

export const embargo: Rule = {
  id: 'embargo',
  severity: 'error',
  description: 'An embargo in the instructions is an error until its time has passed.',
  check({ metadata, now }) {
    const text = instructionsText(metadata);
    if (!EMBARGO.test(text)) return null;
    const until = parseEmbargo(text, now);
    if (!until) return { severity: 'warning', field: 'instructions', message: 'The instructions mention an embargo but no date could be read: check before publishing', value: metadata.instructions };
    const when = until.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
    if (until.getTime() > now.getTime()) return { field: 'instructions', message: `Embargoed until ${when}: do not publish before then`, value: until.toISOString() };
    return { severity: 'info', field: 'instructions', message: `The embargo (until ${when}) has passed`, value: until.toISOString() };
  },
};

export const usageRestrictions: Rule = {
  id: 'usage-restrictions',
  severity: 'info',
  description: 'Restrictions in the instructions ("EDITORIAL USE ONLY", "NO ARCHIVE", "NO SALES"...) are surfaced.',
  check({ metadata }) {
    const text = instructionsText(metadata);
    const found = [...new Set(RESTRICTION_PHRASES.filter(([re]) => re.test(text)).map(([, label]) => label))];
    if (found.length === 0) return null;
    return { field: 'instructions', message: `Restrictions: ${found.join(', ')}`, value: found };
  },
};
