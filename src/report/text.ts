import pc from 'picocolors';
import type { Severity } from '../rules/types.js';
import { printable } from '../util/printable.js';
import type { ValidationResult } from './types.js';

const MARK: Record<Severity, (s: string) => string> = { error: pc.red, warning: pc.yellow, info: pc.dim };

/** A readable report for one photo: verdict, credit line, then each finding and its fix. */
export function textReport(r: ValidationResult, color: boolean): string {
  const c = color ? pc : pc.createColors(false);
  const mark = color ? MARK : { error: (s: string) => s, warning: (s: string) => s, info: (s: string) => s };
  const verdict = r.verdict === 'fail' ? c.red('FAIL') : r.verdict === 'warn' ? c.yellow('WARN') : c.green('PASS');
  // Captions, credits and file names come from senders: their control characters are shown, never obeyed.
  const lines = [`${verdict}  ${c.bold(printable(r.file))}`];
  if (r.error) lines.push(`      ${mark.error('error')}  ${r.error.code}: ${printable(r.error.message)}`);
  if (r.creditLine) lines.push(`      credit line: ${printable(r.creditLine)}`);
  for (const f of r.findings) {
    lines.push(`      ${mark[f.severity](f.severity.padEnd(7))}  ${printable(f.message)} ${c.dim(`[${f.rule}]`)}`);
    if (f.fix) lines.push(`               ${c.dim('fix:')} ${printable(JSON.stringify(f.fix.before))} -> ${printable(JSON.stringify(f.fix.after))}`);
  }
  return lines.join('\n');
}

/** The closing line: counts by verdict. */
export function textSummary(counts: Record<'pass' | 'warn' | 'fail', number>): string {
  const total = counts.pass + counts.warn + counts.fail;
  return `${total} photo(s): ${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail`;
}
