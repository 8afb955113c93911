import { UnrecoverableError, Worker, type Job } from 'bullmq';
import os from 'node:os';
import type { Policy } from '../../config/schema.js';
import { PhotodeskError } from '../../errors.js';
import { setEncodeSlots } from '../../renditions/render.js';
import type { Desk } from '../desk.js';
import { deskFromConfig, type DeskFromConfigOptions } from '../from-config.js';
import { redactQueueUrl, redisConnection } from './connection.js';
import { failureOf, failureText, isFinal, nameOf, resultOf, type JobFailure, type PhotoJobData, type PhotoJobResult } from './jobs.js';

/** Options of {@link createWorker}. */
export interface WorkerOptions {
  /** The configuration (its `queue` section is required; storage, plan and templates come from it too). */
  config: Policy;
  /** Where relative folders in the config are resolved (the config file's folder). Default: the working directory. */
  baseDir?: string;
  /** A desk to use instead of one made from the config (its storage, plan and templates). */
  desk?: Desk;
  /** Photos in flight in this worker. Default: the config's `concurrency`, else half the cores (at least 1). */
  concurrency?: number;
  /**
   * Encodes in flight across this process (default: one per core). Several worker processes on one machine
   * share its cores: two workers on two cores, one slot each.
   */
  encodeSlots?: number;
  /** Aborting it closes the worker as `close()` does. */
  signal?: AbortSignal;
  /** Called as each job ends, for logs. */
  onJob?: (event: WorkerEvent) => void;
  /** Overrides for the config's storage (as the CLI's --to, --private). */
  storage?: Omit<DeskFromConfigOptions, 'baseDir'>;
}

/** A job's end in this worker. */
export type WorkerEvent =
  | { type: 'started'; jobId: string; name: string | null; attempt: number }
  | { type: 'completed'; jobId: string; name: string | null; result: PhotoJobResult; ms: number }
  | { type: 'failed'; jobId: string; name: string | null; failure: JobFailure; final: boolean; attempt: number; ms: number };

/** A running worker. */
export interface PhotoWorker {
  readonly worker: Worker<PhotoJobData, PhotoJobResult>;
  readonly desk: Desk;
  /**
   * Stops taking jobs and waits for those in flight to finish (`force`: gives them back at once; the queue
   * hands them to another worker once their lock lapses).
   */
  close(force?: boolean): Promise<void>;
}

/**
 * A stateless worker: pulls photo jobs from the config's queue and runs the desk's ingest (or correction) on
 * the original the job names, returning the edition's public record. Failures a retry cannot change (the
 * bytes, the policy, the request) end the job at once with their code; the rest are retried with backoff.
 * A worker killed mid-job loses nothing: its job stalls, another worker takes it, and publishing is idempotent.
 * @throws `INVALID_CONFIG` without a `queue` section; `INVALID_DESTINATION`.
 */
export async function createWorker(options: WorkerOptions): Promise<PhotoWorker> {
  const q = options.config.queue;
  if (!q) throw new PhotodeskError('INVALID_CONFIG', 'The configuration has no queue: add "queue": { "url": "redis://host:6379/0" }');
  if (options.encodeSlots !== undefined) setEncodeSlots(options.encodeSlots);
  const desk = options.desk ?? (await deskFromConfig(options.config, { ...options.storage, ...(options.baseDir ? { baseDir: options.baseDir } : {}) }));
  if (desk.catalogue?.kind === 'embedded') {
    if (!options.desk) await desk.close();
    throw new PhotodeskError('INVALID_CONFIG', 'Workers need a catalogue they can share: give catalogue.url (postgres://…); the embedded one serves one process at a time');
  }
  const concurrency = options.concurrency ?? options.config.concurrency ?? Math.max(1, Math.floor(os.availableParallelism() / 2));

  const processor = async (job: Job<PhotoJobData, PhotoJobResult>): Promise<PhotoJobResult> => {
    const d = job.data;
    const started = Date.now();
    const name = nameOf(d);
    options.onJob?.({ type: 'started', jobId: job.id!, name, attempt: job.attemptsMade + 1 });
    try {
      const by = d.by ? { by: d.by } : {};
      const r =
        d.kind === 'correct'
          ? await desk.correct(d.photoId, d.patch, { override: d.override, ...by })
          : await desk.ingest(await desk.privateStorage.get(d.originalKey), { override: d.override, ...(d.name ? { name: d.name } : {}), ...(d.patch ? { patch: d.patch } : {}), ...by });
      if (r.status === 'rejected') throw new PhotodeskError('POLICY_FAILED', r.reason ?? 'The photo fails the policy', { file: name });
      if (d.kind === 'ingest' && r.photoId !== d.photoId) throw new PhotodeskError('CORRUPT_IMAGE', `The stored original ${d.originalKey} no longer matches its hash`, { file: name });
      const result = resultOf(r);
      options.onJob?.({ type: 'completed', jobId: job.id!, name, result, ms: Date.now() - started });
      return result;
    } catch (e) {
      const failure = failureOf(e);
      const unrecoverable = isFinal(failure.code);
      const final = unrecoverable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      options.onJob?.({ type: 'failed', jobId: job.id!, name, failure, final, attempt: job.attemptsMade + 1, ms: Date.now() - started });
      // The typed error travels as the job's failedReason, "CODE: message".
      if (unrecoverable) throw new UnrecoverableError(failureText(failure));
      throw new Error(failureText(failure), { cause: e });
    }
  };

  const worker = new Worker<PhotoJobData, PhotoJobResult>(q.name, processor, {
    connection: redisConnection(q.url, true),
    prefix: q.prefix,
    concurrency,
    lockDuration: q.lockSeconds * 1000,
    stalledInterval: q.lockSeconds * 1000,
    maxStalledCount: 2,
    autorun: true,
  });
  // Connection errors are retried by ioredis (a restarted Redis is found again); they are not job failures.
  worker.on('error', () => undefined);
  let closing: Promise<void> | null = null;
  // A desk the worker made itself (from the config) is closed with it: its catalogue's connections.
  const close = (force = false) => (closing ??= worker.close(force).then(() => (options.desk ? undefined : desk.close())));
  options.signal?.addEventListener('abort', () => void close(), { once: true });
  await worker.waitUntilReady().catch(async (e: unknown) => {
    await close(true).catch(() => undefined); // nothing left open behind the error
    throw new PhotodeskError('QUEUE_UNAVAILABLE', `The queue at ${redactQueueUrl(q.url)} did not answer: ${(e as Error)?.message ?? e}`, { cause: e });
  });
  return { worker, desk, close };
}
