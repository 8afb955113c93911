import type { Policy } from '../config/schema.js';
import type { PhotoMetadata } from '../metadata/types.js';
import { BUILTIN_RULES } from './builtin/index.js';
import { cleanMetadata } from './clean.js';
import { renderCreditLine } from './agencies.js';
import type { Finding, Report, Rule, RuleOutcome, Severity, SimilarPhoto, Verdict } from './types.js';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Applies the desk's policy to one photo's metadata: every built-in and custom rule, with the severities the
 * config sets. Returns the findings (most severe first), the verdict, the printed credit line, and the
 * metadata with the safe fixes applied. Reads metadata only; never touches the file or its pixels.
 */
export function validate(metadata: PhotoMetadata, policy: Policy, options: { now?: Date; similar?: SimilarPhoto[] } = {}): Report {
  const now = options.now ?? new Date();
  // The schema checked each custom rule's shape; its `check` takes the RuleContext given below.
  const rules: Rule[] = [...BUILTIN_RULES, ...(policy.rules.custom as readonly Rule[])];
  const { fixed, credit } = cleanMetadata(metadata, policy);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const configured = policy.rules.severity[rule.id];
    if (configured === 'off') continue;
    let outcomes: RuleOutcome[];
    try {
      const r = rule.check({ metadata, policy, now, fixed, credit, ...(options.similar ? { similar: options.similar } : {}) });
      outcomes = r ? (Array.isArray(r) ? r : [r]) : [];
    } catch (e) {
      outcomes = [{ severity: 'error', field: null, message: `The rule failed: ${(e as Error).message}`, value: null }];
    }
    for (const o of outcomes) {
      // A configured severity replaces the rule's own, including the graded ones (an embargo that passed).
      const severity: Severity = configured ?? o.severity ?? rule.severity;
      findings.push({ rule: rule.id, severity, field: o.field, message: o.message, value: o.value, ...(o.fix ? { fix: o.fix } : {}) });
    }
  }
  findings.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  return {
    file: metadata.file,
    verdict: verdictOf(findings),
    findings,
    fixed,
    creditLine: credit ? renderCreditLine(fixed.credit!, credit.agency, policy, fixed.creator[0] ?? null) : null,
  };
}

/** `fail` when any finding is an error, `warn` when any is a warning, else `pass`. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}
