import pLimit from 'p-limit';
import { errorToJson, PhotodeskError } from '../../errors.js';
import { createPhotoQueue, type JobOutcome } from '../../pipeline/queue/queue.js';
import { probeStorage } from '../../storage/probe.js';
import { printable } from '../../util/printable.js';
import { deskFromOptions } from '../desk-options.js';
import { createProgress } from '../progress.js';
import { queueConfigOf } from '../queue-options.js';
import { DEFAULT_CONCURRENCY } from '../options.js';
import { collectPhotos, onCtrlC } from '../shared.js';
import type { IngestOptions } from '../commands/ingest.js';
import { summarize, type Counts } from './ingest.js';

/**
 * `photodesk ingest <paths> --queue`: stores each original in the private store and queues a job for it, then
 * follows the jobs (whichever worker runs them) to their end with one progress bar; exit codes as a local run.
 */
export async function runQueuedIngest(paths: string[], opts: IngestOptions): Promise<number> {
  if (opts.dryRun) throw new PhotodeskError('INVALID_QUEUE', '--dry-run plans on this machine: run it without --queue');
  const { desk, policy } = await deskFromOptions(opts, { catalogue: false }); // the workers catalogue what they publish
  const queue = queueConfigOf(policy, opts.queue);
  const { files, skipped } = await collectPhotos(paths, opts.allowEmpty);
  await probeStorage(desk.privateStorage);
  const q = createPhotoQueue({ queue, privateStorage: desk.privateStorage, limits: policy.limits });

  // Ctrl-C: stop queueing and following; what is queued stays queued (workers finish it).
  const abort = onCtrlC('stopped following; queued photos stay queued and workers publish them');
  const counts: Counts = { published: 0, skipped: 0, rejected: 0, failed: 0, stopped: 0 };
  const failures: string[] = [];
  const plain = opts.progress && !process.stderr.isTTY;
  const bar = createProgress('ingest', files.length, opts.progress);
  const emit = (source: string, status: string, text: string, json: Record<string, unknown>) => {
    if (plain) process.stderr.write(`${status.padEnd(9)} ${printable(source)}${text}\n`);
    if (opts.json) process.stdout.write(JSON.stringify({ source, status, ...json }) + '\n');
  };
  const bySource = new Map<string, string[]>();
  try {
    const limit = pLimit(opts.concurrency ?? DEFAULT_CONCURRENCY);
    await Promise.all(
      files.map((f) =>
        limit(async () => {
          if (abort.signal.aborted) return;
          try {
            const e = await q.enqueue(f, { ...(opts.override ? { override: true } : {}) });
            bySource.set(e.jobId, [...(bySource.get(e.jobId) ?? []), f]);
            if (!opts.wait) emit(f, 'queued', ` (job ${e.jobId.slice(0, 12)})`, { jobId: e.jobId, photoId: e.photoId });
          } catch (err) {
            if (err instanceof PhotodeskError && (err.code === 'QUEUE_UNAVAILABLE' || err.code.startsWith('STORAGE_'))) throw err;
            const error = errorToJson(err);
            counts.failed++;
            failures.push(`${error.code} ${f}: ${error.message}`);
            bar.tick(true);
            emit(f, 'failed', `: ${error.code} ${printable(error.message)}`, { error });
          }
        }),
      ),
    );
    if (opts.wait) {
      for await (const o of q.watch(bySource.keys(), { signal: abort.signal })) {
        for (const source of bySource.get(o.jobId) ?? []) record(source, o);
        bySource.delete(o.jobId);
      }
      for (const sources of bySource.values()) counts.stopped += sources.length;
    }
  } finally {
    bar.stop();
    abort.release();
    await q.close();
  }
  const queued = [...bySource.values()].reduce((n, s) => n + s.length, 0);
  return summarize({ counts, failures, skipped, json: !!opts.json, dryRun: false, stoppedEarly: abort.signal.aborted, output: desk.storage.name, ...(opts.wait ? {} : { extra: [`queued: ${queued}`] }) });

  function record(source: string, o: JobOutcome): void {
    if (o.state === 'completed') {
      const skippedIt = o.result.status === 'already-published';
      counts[skippedIt ? 'skipped' : 'published']++;
      bar.tick(false);
      emit(source, skippedIt ? 'skipped' : 'published', skippedIt ? ' (already published)' : ` -> ${o.result.manifestUrl ?? ''}`, { jobId: o.jobId, result: o.result, ...(skippedIt ? { reason: 'already-published' } : {}) });
      return;
    }
    const rejected = o.failure.code === 'POLICY_FAILED';
    counts[rejected ? 'rejected' : 'failed']++;
    failures.push(`${o.failure.code} ${source}: ${o.failure.message}`);
    bar.tick(true);
    emit(source, rejected ? 'rejected' : 'failed', `: ${o.failure.code} ${printable(o.failure.message)}`, { jobId: o.jobId, error: o.failure });
  }
}
