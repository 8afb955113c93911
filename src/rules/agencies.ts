import type { Agency, Policy } from '../config/schema.js';
import { escapeRegExp, matchKey, tidyText } from './text.js';

/** A credit, cleaned, and the agency it names (when the registry knows it). */
export interface CreditMatch {
  /** The credit after the safe cleaners, before mapping to a canonical name. */
  cleaned: string;
  agency: Agency | null;
  /** The cleaners that changed something, in order (for the report). */
  steps: string[];
}

const COPYRIGHT_PREFIX = /^(?:copyright\s*)?(?:\(c\)|©|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?[,:-]?\s*/i;
const VIA = /^(.+?)\s+via\s+(.+)$/i;

const registries = new WeakMap<Policy, Map<string, Agency>>();

/** The registry as a lookup by match key of every name and alias. Built once per policy. */
function registry(policy: Policy): Map<string, Agency> {
  let map = registries.get(policy);
  if (!map) {
    map = new Map();
    for (const a of policy.rules.credit.agencies) {
      for (const n of [a.name, ...a.aliases]) if (!map.has(matchKey(n))) map.set(matchKey(n), a);
    }
    registries.set(policy, map);
  }
  return map;
}

/**
 * Cleans a credit with the safe cleaners and finds its agency: NFC and whitespace; a house credit line
 * read back to its agency; a copyright prefix stripped ("Copyright (c) Reuters" -> "Reuters"); role tokens
 * dropped ("Russian Defence Ministry/HANDOUT" -> "Russian Defence Ministry"); "X via Getty Images" split so
 * either side can name the agency; each "/"-separated part tried ("Name Surname/Agency").
 */
export function matchCredit(credit: string, policy: Policy, options: { truncated?: boolean } = {}): CreditMatch {
  const steps: string[] = [];
  let s = tidyText(credit);
  if (s !== credit) steps.push('whitespace and Unicode normalised');
  const reg = registry(policy);
  const direct = reg.get(matchKey(s));
  if (direct) return { cleaned: s, agency: direct, steps };

  const fromLine = readCreditLine(s, policy);
  if (fromLine) return { cleaned: fromLine.name, agency: fromLine, steps: [...steps, 'house credit line read back'] };

  const stripped = s.replace(COPYRIGHT_PREFIX, '');
  if (stripped !== s && stripped !== '') {
    s = stripped;
    steps.push('copyright prefix removed');
  }
  const roles = new Set(policy.rules.creator.roleWords.map(matchKey));
  const parts = s.split(/\s*\/\s*/).filter((p) => p !== '');
  const kept = parts.filter((p) => !roles.has(matchKey(p)));
  if (kept.length > 0 && kept.length < parts.length) {
    s = kept.join('/');
    steps.push('role token removed');
  }
  const candidates: string[] = [s];
  const via = VIA.exec(s);
  if (via) candidates.push(via[1]!, via[2]!);
  for (const c of [...candidates]) candidates.push(...c.split(/\s*\/\s*/).reverse());
  for (const c of candidates) {
    const agency = reg.get(matchKey(c));
    if (agency) {
      if (via) steps.push(`"via" credit reorganised`);
      return { cleaned: s, agency, steps };
    }
  }
  if (options.truncated) {
    const cut = prefixMatch(s, reg);
    if (cut) return { cleaned: s, agency: cut, steps: [...steps, 'cut-off credit completed'] };
  }
  return { cleaned: s, agency: null, steps };
}

/**
 * An IIM credit cut at its 32-byte limit ("Минобороны Росси", or "Росси." where the writer replaced the
 * dangling byte) names the one agency whose name or alias it begins. At least 8 characters must be left, and
 * the match must be unique, so a short or ambiguous stub is never guessed.
 */
function prefixMatch(s: string, reg: Map<string, Agency>): Agency | null {
  const stub = matchKey(s.replace(/[.…\uFFFD]+$/u, ''));
  if ([...stub].length < 8) return null;
  const found = new Set<Agency>();
  for (const [key, agency] of reg) if (key.startsWith(stub)) found.add(agency);
  return found.size === 1 ? [...found][0]! : null;
}

/** True when readMetadata found the credit cut at its IIM byte limit. */
export function creditWasCut(metadata: { warnings: readonly { code: string; message: string }[] }): boolean {
  return metadata.warnings.some((w) => w.code === 'IIM_TRUNCATED' && w.message.startsWith('credit:'));
}

/** Reads a credit that is already a house credit line ("© Photo X / Go to the mediabank") back to its agency. */
function readCreditLine(s: string, policy: Policy): Agency | null {
  for (const a of policy.rules.credit.agencies) {
    const template = a.template ?? policy.rules.credit.template;
    const suffix = a.suffix ?? policy.rules.credit.suffix;
    const [before, after] = template.split('{agency}');
    if (after === undefined) continue;
    const re = new RegExp(`^${escapeRegExp(tidyText(before!))}\\s*(.+?)\\s*${escapeRegExp(tidyText(after + suffix))}$`, 'iu');
    const m = re.exec(s);
    if (m && registry(policy).get(matchKey(m[1]!)) === a) return a;
  }
  return null;
}

/** Renders the house credit line for an agency (its template or the policy's, then its suffix). */
export function renderCreditLine(name: string, agency: Agency | null, policy: Policy, creator: string | null): string {
  const template = agency?.template ?? policy.rules.credit.template;
  const suffix = agency?.suffix ?? policy.rules.credit.suffix;
  const line = template.replaceAll('{agency}', name).replaceAll('{creator}', creator ?? '');
  return tidyText(line) + suffix;
}
