import path from 'node:path';
import type { WalkSkip } from '../../ingest/walk.js';
import { journalName } from '../../pipeline/journal.js';
import type { IngestEvent } from '../../pipeline/many.js';
import { probeStorage } from '../../storage/probe.js';
import { printable } from '../../util/printable.js';
import type { IngestOptions } from '../commands/ingest.js';
import { deskFromOptions } from '../desk-options.js';
import { DEFAULT_CONCURRENCY } from '../options.js';
import { createProgress } from '../progress.js';
import { collectPhotos, onCtrlC, skippedLines } from '../shared.js';

/** `photodesk ingest` publishing here: resolves to the exit code. */
export async function runIngest(paths: string[], opts: IngestOptions): Promise<number> {
  const { desk, destination, policy } = await deskFromOptions(opts);
  const concurrency = opts.concurrency ?? policy.concurrency ?? Math.max(1, DEFAULT_CONCURRENCY / 2);
  const storage = desk.storage;
  const { files, skipped } = await collectPhotos(paths, opts.allowEmpty);
  // Fail fast: a missing bucket or wrong credentials say so now, not after the first photos are rendered.
  if (!opts.dryRun) await Promise.all([probeStorage(desk.storage), probeStorage(desk.privateStorage)]);
  const journal = opts.journal ?? path.resolve('.photodesk', journalName(destination));

  // Ctrl-C: stop taking photos; those in flight stop before their manifest (nothing half-published), the
  // journal keeps what finished. A second Ctrl-C quits at once.
  const abort = onCtrlC('stopping: no new photos; those in flight stop before their pointer moves and count as stopped; run the same command to resume');

  const bar = createProgress('ingest', files.length, opts.progress);
  const plain = opts.progress && !process.stderr.isTTY;
  const counts = { published: 0, skipped: 0, rejected: 0, failed: 0, stopped: 0 };
  const failures: string[] = [];
  try {
    for await (const e of desk.ingestMany(files, { concurrency, signal: abort.signal, journal, ...(opts.dryRun ? { dryRun: true } : {}), ...(opts.override ? { override: true } : {}) })) {
      if (e.type === 'started') continue;
      tally(e, counts, failures);
      bar.tick(e.type === 'failed' || e.type === 'rejected');
      if (plain) process.stderr.write(line(e, !!opts.dryRun) + '\n');
      if (opts.json) process.stdout.write(JSON.stringify(jsonOf(e, !!opts.dryRun)) + '\n');
    }
  } finally {
    bar.stop();
    abort.release();
  }
  return summarize({ counts, failures, skipped, json: !!opts.json, dryRun: !!opts.dryRun, stoppedEarly: abort.signal.aborted, output: storage.name });
}

/** Photos per outcome of a bulk run. */
export type Counts = Record<'published' | 'skipped' | 'rejected' | 'failed' | 'stopped', number>;

/** Prints a bulk run's summary (stdout, or stderr under --json) and returns its exit code. */
export function summarize(r: { counts: Counts; failures: string[]; skipped: WalkSkip[]; json: boolean; dryRun: boolean; stoppedEarly: boolean; output: string; extra?: string[] }): number {
  const { counts } = r;
  const summary = [
    `${r.dryRun ? 'planned' : 'published'}: ${counts.published}`,
    `skipped: ${counts.skipped}`,
    `rejected: ${counts.rejected}`,
    `failed: ${counts.failed}`,
    ...(counts.stopped > 0 ? [`stopped: ${counts.stopped}`] : []),
    ...(r.extra ?? []),
    ...(r.stoppedEarly ? ['(stopped early: run the same command again to resume)'] : []),
  ].join(', ');
  const out = r.json ? process.stderr : process.stdout;
  out.write(`${summary}\n${r.failures.map((f) => `  ${printable(f)}\n`).join('')}${skippedLines(r.skipped)}`);
  if (!r.json && counts.published + counts.skipped > 0) out.write(`output: ${r.output}\n`);
  return counts.failed + counts.rejected > 0 || r.stoppedEarly ? 1 : 0;
}

function tally(e: IngestEvent, counts: Counts, failures: string[]): void {
  if (e.type === 'failed' && e.error.code === 'ABORTED') counts.stopped++;
  else if (e.type === 'published') counts.published++;
  else if (e.type === 'skipped') counts.skipped++;
  else if (e.type === 'rejected') {
    counts.rejected++;
    failures.push(`POLICY_FAILED ${e.source}: ${e.result.reason ?? ''}`);
  } else if (e.type === 'failed') {
    counts.failed++;
    failures.push(`${e.error.code} ${e.source}: ${e.error.message}`);
  }
}

/**
 * One plain progress line. These are printed only when stderr is not a terminal (a log, a CI job), so they
 * carry no colour codes: picocolors turns colour on under CI=true, which would put escapes into logs.
 */
function line(e: IngestEvent, dryRun: boolean): string {
  const src = 'source' in e ? printable(e.source) : '';
  if (e.type === 'published' && dryRun) return `planned   ${src}: ${e.result.renditions.length} renditions, edition ${e.result.editionId}`;
  if (e.type === 'published') return `published ${src} -> ${e.result.manifestUrl ?? e.result.manifestKey}`;
  if (e.type === 'skipped') return `skipped   ${src} (${e.reason === 'journal' ? 'done in an earlier run' : 'already published'})`;
  if (e.type === 'failed' && e.error.code === 'ABORTED') return `stopped   ${src}`;
  if (e.type === 'rejected') return `rejected  ${src}: ${printable(e.result.reason ?? '')}`;
  if (e.type === 'failed') return `failed    ${src}: ${e.error.code} ${printable(e.error.message)}`;
  return '';
}

function jsonOf(e: IngestEvent, dryRun: boolean): Record<string, unknown> {
  if (e.type === 'failed' && e.error.code === 'ABORTED') return { source: e.source, status: 'stopped' };
  if (e.type === 'published' && dryRun) return { source: e.source, status: 'planned', result: e.result };
  if (e.type === 'failed') return { source: e.source, status: 'failed', error: e.error };
  if (e.type === 'skipped') return { source: e.source, status: 'skipped', reason: e.reason, ...(e.result ? { result: e.result } : {}) };
  if (e.type === 'started') return { source: e.source, status: 'started' };
  return { source: e.source, status: e.type, result: e.result };
}
