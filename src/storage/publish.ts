import pLimit, { type LimitFunction } from 'p-limit';
import { storageError } from './errors.js';
import type { PutResult, Storage } from './types.js';

/** One object of a photo's set: a rendition (or any other file) to store. */
export interface PublishObject {
  key: string;
  body: Buffer;
  contentType: string;
  cacheControl?: string;
  metadata?: Record<string, string>;
  /** Carried into the manifest (width, height, format, crop...). */
  info?: Record<string, unknown>;
}

/** The manifest's record of one stored object. */
export interface ManifestObject {
  key: string;
  url: string;
  size: number;
  sha256: string;
  contentType: string;
  [info: string]: unknown;
}

/**
 * The public record of one edition of a photo, stored after its renditions: the commit point. A reader who
 * finds a manifest can fetch every object it names. It holds no timestamp, so a re-run writes the very same
 * bytes (a skip), and it never changes once written: a correction is another edition with its own manifest.
 */
export interface Manifest {
  /** 2 since editions (0.2); a version 1 manifest (0.1, `objects` instead of `renditions`) reads as 2. */
  photodesk: 2;
  photoId: string;
  renditions: ManifestObject[];
  [field: string]: unknown;
}

/** The small, mutable object per photo that names its current edition, or says it was withdrawn. */
export type Pointer =
  | { photodesk: 2; photoId: string; status: 'published'; editionId: string; manifest: string; manifestUrl: string; updatedAt: string }
  | { photodesk: 2; photoId: string; status: 'withdrawn'; reason: string; withdrawnAt: string };

export interface PublishOptions {
  /** Where the manifest goes, e.g. "2024/05/3f2a9c1b0d4e/edition-9c1b0d4e3f2a9c1b.json". */
  manifestKey: string;
  /** Extra manifest fields: credit line, alt text, markup... (JSON). */
  manifest?: Record<string, unknown>;
  /**
   * Objects already stored (by an earlier edition) that this manifest names too, as the earlier manifest
   * recorded them; the caller has checked they are there. They are neither uploaded nor read.
   */
  stored?: readonly ManifestObject[];
  /**
   * Moves the photo's pointer to this manifest once it is stored: a compare-and-swap from `expected` (the
   * version the caller read; null when the photo has none yet). Another writer in between is a `STORAGE_CONFLICT`.
   */
  pointer?: { key: string; expected: string | null; updatedAt?: string };
  /** Objects stored at once. Default 4. */
  concurrency?: number;
  /**
   * Find out whether the set is published already and skip the rest of its objects when it is (default
   * true): the smallest object is stored first, and when it was there already the manifest is read and its
   * objects checked. A bulk run that keeps its own journal knows which photos are new and can skip that.
   */
  checkPublished?: boolean;
  signal?: AbortSignal;
}

/** What a publish did. */
export interface PublishResult {
  status: 'published' | 'already-published';
  manifestKey: string;
  manifestUrl: string;
  manifest: Manifest;
  /** Objects written by this run, and objects found already stored (a re-run after a failure). */
  created: number;
  skipped: number;
  /** The pointer's new version, when one was moved. */
  pointerVersion?: string;
}

/**
 * Publishes one edition: every object first, then a check that each is stored with its size and hash (from
 * the store's own confirmation, or by reading its head back), then the manifest, then the pointer. A failure
 * at any step leaves the pointer where it was, so no reader sees half a set; a re-run reuses what was stored
 * (skips) and completes.
 *
 * @throws `STORAGE_CONFLICT` when a key holds other bytes or another writer moved the pointer first,
 * `STORAGE_VERIFY_FAILED`, `STORAGE_UNAVAILABLE`, `ABORTED`.
 */
export async function publish(storage: Storage, photoId: string, objects: readonly PublishObject[], options: PublishOptions): Promise<PublishResult> {
  const { manifestKey, signal } = options;
  const sig = signal ? { signal } : undefined;
  const putObject = (o: PublishObject) => {
    signal?.throwIfAborted();
    return storage.put(o.key, o.body, { contentType: o.contentType, ...(o.cacheControl ? { cacheControl: o.cacheControl } : {}), ...(o.metadata ? { metadata: o.metadata } : {}), ...sig });
  };
  // Is the set published already? Not by reading its manifest first, a request for every new set: the
  // smallest object is stored first, and only when it was there already is the manifest read. A manifest is
  // written after all its objects, so one that was not there means no complete manifest names it yet.
  const firstAt = options.checkPublished === false || objects.length === 0 ? -1 : smallest(objects);
  // Other bytes under its key (a re-run after the encoder changed) are a conflict only when no complete set
  // stands there: as when the manifest was read first, a published set is left as it is.
  let conflict: unknown = null;
  const first = firstAt < 0 ? null : await putObject(objects[firstAt]!).catch((e: unknown) => (isConflict(e) ? ((conflict = e), null) : Promise.reject(e)));
  const done = options.checkPublished === false || first?.status === 'created' ? null : await readManifest(storage, manifestKey, signal);
  if (done && (await complete(storage, done, signal))) {
    const pointerVersion = options.pointer ? await movePointer(storage, photoId, manifestKey, done, options.pointer, signal) : undefined;
    return { status: 'already-published', manifestKey, manifestUrl: storage.url(manifestKey), manifest: done, created: 0, skipped: done.renditions.length + 1, ...(pointerVersion ? { pointerVersion } : {}) };
  }

  if (conflict) throw conflict;

  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  const results: PutResult[] = await allOrFirstError(
    limit,
    objects.map((o, i) => () => (i === firstAt ? Promise.resolve(first!) : putObject(o))),
  );
  // Verify: what the store now says about each key is what was sent (unless the put already confirmed it).
  await Promise.all(
    results.filter((r) => !r.verified).map((r) =>
      limit(async () => {
        const info = await storage.head(r.key, sig);
        if (!info || info.size !== r.size || (info.sha256 !== null && info.sha256 !== r.sha256)) {
          throw storageError('STORAGE_VERIFY_FAILED', r.key, `Stored object does not match: expected ${r.size} bytes, sha256 ${r.sha256.slice(0, 12)}`);
        }
      }),
    ),
  );

  const written: ManifestObject[] = objects.map((o, i) => ({ key: results[i]!.key, url: storage.url(results[i]!.key), size: results[i]!.size, sha256: results[i]!.sha256, contentType: o.contentType, ...(o.info ?? {}) }));
  const byKey = new Map([...(options.stored ?? []), ...written].map((o) => [o.key, o]));
  const manifest: Manifest = {
    photodesk: 2,
    photoId,
    ...(options.manifest ?? {}),
    renditions: [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
  signal?.throwIfAborted();
  const put = await storage.put(manifestKey, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), { contentType: 'application/json', ...sig });
  const pointerVersion = options.pointer ? await movePointer(storage, photoId, manifestKey, manifest, options.pointer, signal) : undefined;
  const created = results.filter((r) => r.status === 'created').length + (put.status === 'created' ? 1 : 0);
  return { status: 'published', manifestKey, manifestUrl: storage.url(manifestKey), manifest, created, skipped: results.length + 1 - created, ...(pointerVersion ? { pointerVersion } : {}) };
}

/** Points the photo at `manifestKey`, unless it points there already. Returns the pointer's version. */
async function movePointer(storage: Storage, photoId: string, manifestKey: string, manifest: Manifest, p: NonNullable<PublishOptions['pointer']>, signal?: AbortSignal): Promise<string> {
  signal?.throwIfAborted();
  const editionId = typeof manifest.editionId === 'string' ? manifest.editionId : '';
  const pointer: Pointer = { photodesk: 2, photoId, status: 'published', editionId, manifest: manifestKey, manifestUrl: storage.url(manifestKey), updatedAt: p.updatedAt ?? new Date().toISOString() };
  const { version } = await storage.swap(p.key, Buffer.from(JSON.stringify(pointer, null, 2) + '\n'), { contentType: 'application/json', expected: p.expected, ...(signal ? { signal } : {}) });
  return version;
}

/** The pointer stored under `key` with its version, or null. */
export async function readPointer(storage: Storage, key: string, signal?: AbortSignal): Promise<{ pointer: Pointer; version: string } | null> {
  const got = await storage.read(key, signal ? { signal } : undefined);
  if (!got) return null;
  try {
    const pointer = JSON.parse(got.body.toString('utf8')) as Pointer;
    if (pointer?.photodesk === 2 && (pointer.status === 'published' || pointer.status === 'withdrawn')) return { pointer, version: got.version };
  } catch {
    // not a pointer: reported below
  }
  throw storageError('STORAGE_CONFLICT', key, 'The key holds something that is not a photodesk pointer');
}

/** The manifest stored under `key`, or null. Reads the manifests of photodesk 0.1 (`objects`) too. */
export async function readManifest(storage: Storage, key: string, signal?: AbortSignal): Promise<Manifest | null> {
  const got = await storage.read(key, signal ? { signal } : undefined); // one request: absent is null
  if (!got) return null;
  try {
    const m = JSON.parse(got.body.toString('utf8')) as Record<string, unknown>;
    if (m?.photodesk === 2 && Array.isArray(m.renditions)) return m as Manifest;
    if (m?.photodesk === 1 && Array.isArray(m.objects)) {
      const { objects, ...rest } = m;
      return { ...rest, photodesk: 2, renditions: objects as ManifestObject[], photoId: String(m.photoId) };
    }
    return null;
  } catch {
    return null;
  }
}

function isConflict(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'STORAGE_CONFLICT';
}

/** The index of the object with the fewest bytes. */
function smallest(objects: readonly PublishObject[]): number {
  let at = 0;
  for (let i = 1; i < objects.length; i++) if (objects[i]!.body.length < objects[at]!.body.length) at = i;
  return at;
}

/** True when every object a manifest names is stored with its size. */
async function complete(storage: Storage, m: Manifest, signal?: AbortSignal): Promise<boolean> {
  for (const o of m.renditions) {
    const info = await storage.head(o.key, signal ? { signal } : undefined);
    if (!info || info.size !== o.size) return false;
  }
  return true;
}

/**
 * Runs `jobs` through `limit`; after the first failure it starts no more, waits for those in flight, then
 * throws that failure. Promise.all would reject while puts are still writing: a CLI that exits on the error
 * would cut them off and leave their temporary files behind (466 of them after a disk filled).
 */
async function allOrFirstError<T>(limit: LimitFunction, jobs: (() => Promise<T>)[]): Promise<T[]> {
  let failure: { error: unknown } | null = null;
  const settled = await Promise.allSettled(
    jobs.map((job) =>
      limit(async () => {
        if (failure) return null;
        try {
          return await job();
        } catch (error) {
          failure ??= { error };
          return null;
        }
      }),
    ),
  );
  if (failure) throw (failure as { error: unknown }).error;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}
