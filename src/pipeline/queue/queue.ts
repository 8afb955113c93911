import path from 'node:path';
import { Queue, QueueEvents, type Job, type JobsOptions } from 'bullmq';
import type { QueueConfig } from '../../config/schema.js';
import { isPhotodeskError, PhotodeskError } from '../../errors.js';
import { openPhoto } from '../../ingest/open.js';
import type { IngestLimits, PhotoSource } from '../../ingest/types.js';
import type { Storage } from '../../storage/types.js';
import { parsePatch, type EditionPatch } from '../patch.js';
import { privateKey } from '../records.js';
import { redactQueueUrl, redisConnection } from './connection.js';
import { jobIdOf, nameOf, parseFailure, type JobFailure, type PhotoJobData, type PhotoJobResult } from './jobs.js';

/** What a producer needs: the queue settings, and the private store the originals go to before their jobs. */
export interface PhotoQueueOptions {
  /** The config's `queue` section. */
  queue: QueueConfig;
  /** The desk's private store (workers read originals from it). */
  privateStorage: Storage;
  /** Ingest limits checked before a photo is stored and queued (the policy's `limits`). */
  limits?: Partial<IngestLimits>;
}

/** Options of one enqueue. */
export interface EnqueueOptions {
  /** A name for a Buffer or stream (the upload's file name). */
  name?: string;
  /** Publish even when the policy's verdict is fail (an editor's decision). */
  override?: boolean;
  /** Corrections to publish with. */
  patch?: EditionPatch;
  /** Who asked: kept in the photo's private history. */
  by?: string;
}

/** A queued photo. */
export interface Enqueued {
  jobId: string;
  photoId: string;
  /** False when a job for the same photo (and patch) was already waiting or running: it is that job. */
  added: boolean;
}

/** Where a job is, and how it ended. */
export interface JobStatus {
  jobId: string;
  photoId: string;
  kind: 'ingest' | 'correct';
  name: string | null;
  state: 'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'prioritized' | 'waiting-children' | 'unknown';
  /** Tries made so far. */
  attempts: number;
  enqueuedAt: string;
  finishedAt: string | null;
  result: PhotoJobResult | null;
  failure: JobFailure | null;
}

/** A job's end, as {@link PhotoQueue.watch} reports it. */
export type JobOutcome = { jobId: string; state: 'completed'; result: PhotoJobResult } | { jobId: string; state: 'failed'; failure: JobFailure };

/** The queue at a glance: counts per state, the oldest waiting job, the failed jobs with their codes. */
export interface QueueStatus {
  queue: string;
  redis: string;
  counts: Record<string, number>;
  oldestWaiting: { jobId: string; name: string | null; since: string; ageSeconds: number } | null;
  failed: { jobId: string; name: string | null; code: string; message: string; attempts: number; at: string | null }[];
}

/** The producer's side of the queue: enqueue photos and corrections, follow them, operate the queue. */
export interface PhotoQueue {
  /** The BullMQ queue underneath (for bull-board, metrics, custom operations). */
  readonly queue: Queue<PhotoJobData, PhotoJobResult>;
  /**
   * Checks the photo (type, limits, hash: a bad upload fails here, synchronously), stores the original once in
   * the private store, and adds a job naming it. The same photo enqueued while its job waits is that one job; a
   * photo whose earlier job has ended gets a new one (a worker finds it already published and skips it).
   * @throws `UNSUPPORTED_TYPE`, `FILE_TOO_LARGE`, `PIXEL_LIMIT_EXCEEDED`, `INVALID_PATCH`, storage errors, `QUEUE_UNAVAILABLE`
   */
  enqueue(source: PhotoSource, options?: EnqueueOptions): Promise<Enqueued>;
  /** Queues a correction of a published photo (full photo id). @throws `INVALID_PATCH`, `QUEUE_UNAVAILABLE` */
  enqueueCorrection(photoId: string, patch: EditionPatch, options?: { override?: boolean; by?: string }): Promise<Enqueued>;
  /** A job's state and result, or null when the queue no longer holds it. */
  job(jobId: string): Promise<JobStatus | null>;
  /** Counts, oldest waiting job, failed jobs (up to `failedLimit`, default 50). */
  status(options?: { failedLimit?: number }): Promise<QueueStatus>;
  /** Moves every failed job back to waiting; returns how many. */
  retryFailed(): Promise<number>;
  /**
   * The ends of the given jobs, as they happen (from the queue's events; when no event has come for `pollMs`,
   * default 5 s, the jobs are looked up, so that nothing is missed across a Redis restart), until all have
   * ended or the signal aborts.
   */
  watch(jobIds: Iterable<string>, options?: { signal?: AbortSignal; pollMs?: number }): AsyncGenerator<JobOutcome>;
  close(): Promise<void>;
}

/** Job options every photo job gets: retries with exponential backoff, finished jobs kept for a while. */
function jobOptions(q: QueueConfig, jobId: string): JobsOptions {
  return {
    jobId,
    attempts: q.attempts,
    backoff: { type: 'exponential', delay: q.backoffMs },
    removeOnComplete: { age: q.keepCompletedSeconds },
    removeOnFail: { age: q.keepFailedSeconds },
  };
}

/**
 * The producer of a desk's job queue (BullMQ on Redis). Workers ({@link createWorker}) on any machine configured
 * by the same file pull the jobs.
 */
export function createPhotoQueue(options: PhotoQueueOptions): PhotoQueue {
  const q = options.queue;
  const queue = new Queue<PhotoJobData, PhotoJobResult>(q.name, { connection: redisConnection(q.url, false), prefix: q.prefix });
  // An unreachable Redis surfaces through the commands that fail; the connection's own errors would be noise.
  queue.on('error', () => undefined);
  const redis = redactQueueUrl(q.url);

  async function add(data: PhotoJobData): Promise<Enqueued> {
    const jobId = jobIdOf(data);
    try {
      const existing = await queue.getJob(jobId);
      if (existing) {
        const state = await existing.getState();
        if (state !== 'completed' && state !== 'failed') return { jobId, photoId: data.photoId, added: false };
        // An ended job would swallow the new request (BullMQ keeps ids unique): it makes way.
        await existing.remove().catch(() => undefined);
      }
      const job = await queue.add(data.kind, data, jobOptions(q, jobId));
      return { jobId, photoId: data.photoId, added: job.id === jobId };
    } catch (e) {
      throw unavailable(e, redis);
    }
  }

  async function enqueue(source: PhotoSource, o: EnqueueOptions = {}): Promise<Enqueued> {
    if (o.patch) parsePatch(o.patch); // INVALID_PATCH now, not in a worker
    const photo = await openPhoto(source, { ...(options.limits ? { limits: options.limits } : {}), ...(o.name ? { name: o.name } : {}) });
    const photoId = photo.sha256!;
    const originalKey = privateKey.original(photoId);
    await options.privateStorage.put(originalKey, photo.bytes, { contentType: photo.mime, cacheControl: 'private, no-store' });
    const name = o.name ?? (typeof source === 'string' ? path.basename(source) : null);
    return add({ v: 1, kind: 'ingest', photoId, originalKey, name, override: !!o.override, patch: o.patch ?? null, by: o.by ?? null });
  }

  async function enqueueCorrection(photoId: string, patch: EditionPatch, o: { override?: boolean; by?: string } = {}): Promise<Enqueued> {
    parsePatch(patch);
    if (!/^[0-9a-f]{64}$/.test(photoId)) throw new PhotodeskError('PHOTO_NOT_FOUND', `"${photoId.slice(0, 80)}" is not a full photo id (64 hex digits)`);
    return add({ v: 1, kind: 'correct', photoId, patch, override: !!o.override, by: o.by ?? null });
  }

  async function job(jobId: string): Promise<JobStatus | null> {
    try {
      const j = await queue.getJob(jobId);
      return j ? statusOf(j, await j.getState()) : null;
    } catch (e) {
      throw unavailable(e, redis);
    }
  }

  async function status({ failedLimit = 50 } = {}): Promise<QueueStatus> {
    try {
      const [counts, oldest, failed] = await Promise.all([queue.getJobCounts(), queue.getWaiting(-1, -1), queue.getFailed(0, failedLimit - 1)]);
      const o = oldest[0];
      return {
        queue: q.name,
        redis,
        counts,
        oldestWaiting: o ? { jobId: o.id!, name: nameOf(o.data), since: new Date(o.timestamp).toISOString(), ageSeconds: Math.round((Date.now() - o.timestamp) / 1000) } : null,
        failed: failed.map((j) => ({ jobId: j.id!, name: nameOf(j.data), ...parseFailure(j.failedReason), attempts: j.attemptsMade, at: j.finishedOn ? new Date(j.finishedOn).toISOString() : null })),
      };
    } catch (e) {
      throw unavailable(e, redis);
    }
  }

  async function retryFailed(): Promise<number> {
    try {
      const n = await queue.getFailedCount();
      await queue.retryJobs({ state: 'failed', count: 1000 });
      return n;
    } catch (e) {
      throw unavailable(e, redis);
    }
  }

  async function* watch(ids: Iterable<string>, { signal, pollMs = 5000 }: { signal?: AbortSignal; pollMs?: number } = {}): AsyncGenerator<JobOutcome> {
    const pending = new Set(ids);
    const ready: JobOutcome[] = [];
    let wake: (() => void) | null = null;
    let lastEvent = Date.now();
    const push = (o: JobOutcome) => {
      lastEvent = Date.now();
      if (!pending.delete(o.jobId)) return;
      ready.push(o);
      wake?.();
    };
    const events = new QueueEvents(q.name, { connection: redisConnection(q.url, true), prefix: q.prefix });
    events.on('error', () => undefined);
    events.on('progress', () => (lastEvent = Date.now()));
    events.on('active', () => (lastEvent = Date.now()));
    events.on('completed', ({ jobId, returnvalue }) => push({ jobId, state: 'completed', result: (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as PhotoJobResult }));
    events.on('failed', ({ jobId, failedReason }) => push({ jobId, state: 'failed', failure: parseFailure(failedReason) }));
    // The poll: jobs that ended before the listener was up, or while Redis was away. While events flow it is
    // not needed, and looking up thousands of jobs every few seconds would cost Redis more than the jobs do.
    let polling = false;
    const poll = async (always = false) => {
      if (polling || (!always && Date.now() - lastEvent < pollMs)) return;
      polling = true;
      for (const id of [...pending]) {
        const s = await job(id).catch(() => null);
        if (s?.state === 'completed' && s.result) push({ jobId: id, state: 'completed', result: s.result });
        else if (s?.state === 'failed' && s.failure) push({ jobId: id, state: 'failed', failure: s.failure });
      }
      lastEvent = Date.now();
      polling = false;
    };
    const timer = setInterval(() => void poll(), pollMs);
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      await events.waitUntilReady().catch(() => undefined);
      await poll(true);
      while (pending.size > 0 || ready.length > 0) {
        if (ready.length > 0) {
          yield ready.shift()!;
          continue;
        }
        if (signal?.aborted) return;
        await new Promise<void>((r) => (wake = r));
        wake = null;
      }
    } finally {
      clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      await events.close().catch(() => undefined);
    }
  }

  return { queue, enqueue, enqueueCorrection, job, status, retryFailed, watch, close: () => queue.close() };
}

function statusOf(j: Job<PhotoJobData, PhotoJobResult>, state: string): JobStatus {
  return {
    jobId: j.id!,
    photoId: j.data.photoId,
    kind: j.data.kind,
    name: nameOf(j.data),
    state: state as JobStatus['state'],
    attempts: j.attemptsMade,
    enqueuedAt: new Date(j.timestamp).toISOString(),
    finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
    result: state === 'completed' ? (j.returnvalue ?? null) : null,
    failure: state === 'failed' ? parseFailure(j.failedReason) : null,
  };
}

/** A Redis failure as a typed error (storage and validation errors pass through as they are). */
function unavailable(e: unknown, redis: string): unknown {
  if (isPhotodeskError(e)) return e;
  return new PhotodeskError('QUEUE_UNAVAILABLE', `The queue at ${redis} did not answer: ${(e as Error)?.message ?? e}`, { cause: e });
}
