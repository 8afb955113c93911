import pLimit from 'p-limit';
import { storageError } from './errors.js';
import type { PutResult, Storage } from './types.js';

/** One object of a photo's set: a rendition (or any other file) to store. */
export interface PublishObject {
  key: string;
  body: Buffer;
  contentType: string;
  cacheControl?: string;
  metadata?: Record<string, string>;
  /** Carried into the manifest (width, height, format...). */
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
 * The record of one published photo, stored last: the commit point. A reader who finds a manifest can fetch
 * every object it names. It holds no timestamp of its own, so a re-run writes the very same bytes (a skip).
 */
export interface Manifest {
  photodesk: 1;
  photoId: string;
  objects: ManifestObject[];
  [field: string]: unknown;
}

export interface PublishOptions {
  /** Where the manifest goes, e.g. "2024/05/3f2a9c1b0d4e/manifest.json". */
  manifestKey: string;
  /** Extra manifest fields: credit line, findings, alt text, markup... (JSON). */
  manifest?: Record<string, unknown>;
  /** Objects stored at once. Default 4. */
  concurrency?: number;
  /**
   * Look for the set's manifest first and return `already-published` when it is there (default true). A bulk
   * run that keeps its own journal knows which photos are new and can skip that request.
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
}

/**
 * Publishes one photo's set: every object first, then a check that each is stored with its size and hash
 * (from the store's own confirmation, or by reading its head back), then the manifest last. A failure at any step leaves no manifest, so no reader sees half a set; a re-run
 * reuses what was stored (skips) and completes. A set whose manifest exists is not written again.
 *
 * @throws `STORAGE_CONFLICT` when a key holds other bytes, `STORAGE_VERIFY_FAILED`, `STORAGE_UNAVAILABLE`, `ABORTED`.
 */
export async function publish(storage: Storage, photoId: string, objects: readonly PublishObject[], options: PublishOptions): Promise<PublishResult> {
  const { manifestKey, signal } = options;
  const done = options.checkPublished === false ? null : await readManifest(storage, manifestKey, signal);
  if (done && (await complete(storage, done, signal))) {
    return { status: 'already-published', manifestKey, manifestUrl: storage.url(manifestKey), manifest: done, created: 0, skipped: done.objects.length + 1 };
  }

  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  const results: PutResult[] = await Promise.all(
    objects.map((o) =>
      limit(() => {
        signal?.throwIfAborted();
        return storage.put(o.key, o.body, { contentType: o.contentType, ...(o.cacheControl ? { cacheControl: o.cacheControl } : {}), ...(o.metadata ? { metadata: o.metadata } : {}), ...(signal ? { signal } : {}) });
      }),
    ),
  );
  // Verify: what the store now says about each key is what was sent (unless the put already confirmed it).
  await Promise.all(
    results.filter((r) => !r.verified).map((r) =>
      limit(async () => {
        const info = await storage.head(r.key, signal ? { signal } : undefined);
        if (!info || info.size !== r.size || (info.sha256 !== null && info.sha256 !== r.sha256)) {
          throw storageError('STORAGE_VERIFY_FAILED', r.key, `Stored object does not match: expected ${r.size} bytes, sha256 ${r.sha256.slice(0, 12)}`);
        }
      }),
    ),
  );

  const manifest: Manifest = {
    photodesk: 1,
    photoId,
    objects: objects
      .map((o, i) => ({ key: results[i]!.key, url: storage.url(results[i]!.key), size: results[i]!.size, sha256: results[i]!.sha256, contentType: o.contentType, ...(o.info ?? {}) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    ...(options.manifest ?? {}),
  };
  signal?.throwIfAborted();
  const put = await storage.put(manifestKey, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), { contentType: 'application/json', cacheControl: 'no-cache', ...(signal ? { signal } : {}) });
  const created = results.filter((r) => r.status === 'created').length + (put.status === 'created' ? 1 : 0);
  return { status: 'published', manifestKey, manifestUrl: storage.url(manifestKey), manifest, created, skipped: results.length + 1 - created };
}

/** The manifest stored under `key`, or null. */
export async function readManifest(storage: Storage, key: string, signal?: AbortSignal): Promise<Manifest | null> {
  if (!(await storage.head(key, signal ? { signal } : undefined))) return null;
  try {
    const m = JSON.parse((await storage.get(key, signal ? { signal } : undefined)).toString('utf8')) as Manifest;
    return m && m.photodesk === 1 && Array.isArray(m.objects) ? m : null;
  } catch {
    return null;
  }
}

/** True when every object a manifest names is stored with its size. */
async function complete(storage: Storage, m: Manifest, signal?: AbortSignal): Promise<boolean> {
  for (const o of m.objects) {
    const info = await storage.head(o.key, signal ? { signal } : undefined);
    if (!info || info.size !== o.size) return false;
  }
  return true;
}
