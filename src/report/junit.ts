import type { ValidationResult } from './types.js';
import { escapeXml } from '../util/xml.js';

/**
 * JUnit XML for CI dashboards: one test case per photo, failing when the photo has an error finding (or
 * could not be read); warnings and notes go to the case's system-out. Written by hand: the format is a dozen
 * elements and no JUnit library is smaller than this function.
 */
export function junitXml(results: readonly ValidationResult[], suiteName = 'photodesk validate'): string {
  const failures = results.filter((r) => r.verdict === 'fail').length;
  const cases = results.map((r) => {
    const name = escapeXml(r.file);
    const errors = r.findings.filter((f) => f.severity === 'error');
    const others = r.findings.filter((f) => f.severity !== 'error');
    const failure = r.verdict === 'fail' ? `\n    <failure message="${escapeXml(errors.map((f) => f.message).join('; ') || r.error?.message || 'failed')}" type="${escapeXml(errors[0]?.rule ?? r.error?.code ?? 'error')}">${escapeXml(errors.map((f) => `[${f.rule}] ${f.message}`).join('\n'))}</failure>` : '';
    const out = others.length ? `\n    <system-out>${escapeXml(others.map((f) => `${f.severity.toUpperCase()} [${f.rule}] ${f.message}`).join('\n'))}</system-out>` : '';
    return `  <testcase classname="photodesk" name="${name}">${failure}${out}\n  </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="${escapeXml(suiteName)}" tests="${results.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join('\n')}\n</testsuite>\n`;
}
