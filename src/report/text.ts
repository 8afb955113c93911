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
    if (f.fix) lines.push(`               ${c.dim('fix:')} ${fixText(f.fix.before, f.fix.after)}`);
  }
  return lines.join('\n');
}

/** Longest fix shown whole, in characters; `--json` and `--html` always carry the whole text. */
const FIX_WHOLE = 160;

/**
 * A fix as `"before" -> "after"`. A long one (a tidied 800-character caption) is cut to where it first
 * changes, with some context and its length, so the line says what the fix does without repeating the caption.
 */
function fixText(before: unknown, after: unknown): string {
  const b = typeof before === 'string' ? before : (JSON.stringify(before) ?? 'null');
  const a = typeof after === 'string' ? after : (JSON.stringify(after) ?? 'null');
  const show = (t: string, v: unknown) => printable(typeof v === 'string' ? JSON.stringify(t) : t);
  if (b.length + a.length <= 2 * FIX_WHOLE) return `${show(b, before)} -> ${show(a, after)}`;
  let same = 0;
  while (same < b.length && same < a.length && b[same] === a[same]) same++;
  const from = Math.max(0, same - 40);
  const cut = (t: string) => {
    let start = from;
    if (start > 0 && /[\udc00-\udfff]/.test(t[start] ?? '')) start--; // never half a surrogate pair
    let end = Math.min(t.length, start + 100);
    if (end < t.length && /[\ud800-\udbff]/.test(t[end - 1] ?? '')) end--;
    return `${start > 0 ? '…' : ''}${t.slice(start, end)}${end < t.length ? '…' : ''}`;
  };
  const size = (t: string, v: unknown) => `${t.length} ${typeof v === 'string' ? 'characters' : 'characters of JSON'}`;
  return `${show(cut(b), before)} -> ${show(cut(a), after)} (${size(b, before)} -> ${size(a, after)}; --json for the whole text)`;
}

/** The closing line: counts by verdict. */
export function textSummary(counts: Record<'pass' | 'warn' | 'fail', number>): string {
  const total = counts.pass + counts.warn + counts.fail;
  return `${total} photo(s): ${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail`;
}
