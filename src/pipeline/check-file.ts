import type { Policy } from '../config/schema.js';
import { errorToJson } from '../errors.js';
import { readMetadata } from '../metadata/read.js';
import { altText } from '../rules/alt-text.js';
import type { ValidationResult } from '../report/types.js';
import { validate } from '../rules/validate.js';

/**
 * Validates one file against the policy: its metadata only (no hash, no pixels), its report and alt text.
 * A file that cannot be read becomes a `fail` result with a `file-readable` finding, so a folder's report
 * always has a line per file. Configuration errors are not per file: they are thrown.
 */
export async function validateFile(file: string, policy: Policy, options: { now?: Date } = {}): Promise<ValidationResult> {
  try {
    const metadata = await readMetadata(file, { legacyCharset: policy.legacyCharset, limits: policy.limits, hash: false });
    const report = validate(metadata, policy, options);
    return { file, verdict: report.verdict, findings: report.findings, fixed: report.fixed, creditLine: report.creditLine, altText: altText(report.fixed, policy) || null };
  } catch (e) {
    const error = errorToJson(e);
    return { file, verdict: 'fail', findings: [{ rule: 'file-readable', severity: 'error', field: null, message: error.message, value: error.code }], fixed: null, creditLine: null, altText: null, error };
  }
}
