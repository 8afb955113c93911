import type { Finding, Report, Verdict } from '../rules/types.js';

/** One photo's line in a validation run: its report, or the error that kept it from being read. */
export interface ValidationResult {
  file: string;
  verdict: Verdict;
  findings: Finding[];
  fixed: Report['fixed'] | null;
  creditLine: string | null;
  altText: string | null;
  error?: { code: string; message: string; hint?: string };
}
