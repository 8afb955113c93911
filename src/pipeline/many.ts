import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PhotodeskError } from '../errors.js';
import type { Storage } from '../storage/types.js';
import type { IngestCallOptions, PublishedPhoto } from './edition.js';
import { openJournal, type Journal } from './journal.js';

/** What a bulk run needs of a desk (the desk itself, in practice). */
export interface IngestTarget {
  readonly storage: Storage;
  readonly fingerprint: string;
  ingest(source: string, options?: IngestCallOptions): Promise<PublishedPhoto>;
}

/** What a bulk run reports, photo by photo. */
export type IngestEvent =
  | { type: 'started'; source: string }
  | { type: 'published'; source: string; result: PublishedPhoto }
  | { type: 'skipped'; source: string; reason: 'journal' | 'already-published'; result?: PublishedPhoto }
  | { type: 'rejected'; source: string; result: PublishedPhoto }
  | { type: 'failed'; source: string; error: { code: string; message: string } };

export interface IngestManyOptions extends Pick<IngestCallOptions, 'override' | 'dryRun'> {
  /** Photos in flight at once. Default: the number of cores (each photo's encodes also use the cores). */
  concurrency?: number;
  /** Stops taking new photos; photos in flight stop at their next step and leave no manifest. */
  signal?: AbortSignal;
  /**
   * The journal file: photos journaled as done (same path, size, mtime and desk settings, and their manifest
   * still stored) are skipped on a re-run.
   */
  journal?: string;
}

/**
 * Ingests many photos (paths), yielding an event as each starts and ends. Memory stays bounded whatever the
 * count: sources are pulled lazily, at most `concurrency` photos are in flight, and no result is kept.
 */
export async function* ingestMany(desk: IngestTarget, sources: AsyncIterable<string> | Iterable<string>, options: IngestManyOptions = {}): AsyncGenerator<IngestEvent> {
  const concurrency = Math.max(1, options.concurrency ?? os.availableParallelism());
  const journal = options.journal && !options.dryRun ? await openJournal(options.journal) : null;
  const iterator = (Symbol.asyncIterator in sources ? (sources as AsyncIterable<string>)[Symbol.asyncIterator]() : (sources as Iterable<string>)[Symbol.iterator]()) as AsyncIterator<string> | Iterator<string>;
  const running = new Map<number, Promise<{ id: number; events: IngestEvent[] }>>();
  const ready: IngestEvent[] = [];
  let nextId = 0;
  let exhausted = false;
  try {
    while (true) {
      while (!exhausted && running.size < concurrency && !options.signal?.aborted) {
        const n = await iterator.next();
        if (n.done) {
          exhausted = true;
          break;
        }
        const source = path.resolve(n.value);
        const id = nextId++;
        ready.push({ type: 'started', source });
        running.set(id, one(desk, source, journal, options).then((events) => ({ id, events })));
      }
      while (ready.length > 0) yield ready.shift()!;
      if (running.size === 0) break;
      const { id, events } = await Promise.race(running.values());
      running.delete(id);
      for (const e of events) yield e;
    }
  } finally {
    await Promise.allSettled(running.values());
    await journal?.close();
  }
}

async function one(desk: IngestTarget, source: string, journal: Journal | null, options: IngestManyOptions): Promise<IngestEvent[]> {
  let stat;
  try {
    stat = await fs.stat(source);
  } catch {
    return [{ type: 'failed', source, error: { code: 'FILE_NOT_FOUND', message: `Cannot read ${source}` } }];
  }
  const done = journal?.lookup(source, stat.size, stat.mtimeMs, desk.fingerprint);
  // The store has the last word: a journaled photo whose manifest is gone (a deleted folder) is done again.
  if (done?.manifestKey && (await desk.storage.head(done.manifestKey).catch(() => null))) return [{ type: 'skipped', source, reason: 'journal' }];
  const at = { source, size: stat.size, mtimeMs: stat.mtimeMs };
  try {
    const result = await desk.ingest(source, { ...(options.override ? { override: true } : {}), ...(options.dryRun ? { dryRun: true } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    if (result.status !== 'planned') await journal?.append({ ...at, status: result.status, photoId: result.photoId, editionId: result.editionId, fingerprint: desk.fingerprint, manifestKey: result.manifestKey });
    if (result.status === 'rejected') return [{ type: 'rejected', source, result }];
    if (result.status === 'already-published') return [{ type: 'skipped', source, reason: 'already-published', result }];
    return [{ type: 'published', source, result }];
  } catch (e) {
    const error = e instanceof PhotodeskError ? { code: e.code, message: e.message } : { code: (e as Error).name === 'AbortError' ? 'ABORTED' : 'INTERNAL_ERROR', message: (e as Error).message };
    // An interrupted photo gets no line: the next run does it again.
    if (error.code !== 'ABORTED') await journal?.append({ ...at, status: 'failed', code: error.code });
    return [{ type: 'failed', source, error }];
  }
}
