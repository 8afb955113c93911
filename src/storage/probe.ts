import { randomUUID } from 'node:crypto';
import { isPhotodeskError, PhotodeskError } from '../errors.js';
import type { Storage } from './types.js';

/**
 * Checks once that a store is reachable and writable (a tiny object written, then deleted: the rights a desk
 * needs anyway), so a missing bucket, wrong credentials or a read-only folder fail in a second, before any
 * photo is rendered.
 * @throws the store's typed error (`STORAGE_NOT_FOUND`, `STORAGE_AUTH`, `STORAGE_ACCESS_DENIED`, ...).
 */
export async function probeStorage(storage: Storage, signal?: AbortSignal): Promise<void> {
  const key = `.photodesk-probe/${randomUUID()}`;
  try {
    await storage.put(key, Buffer.from('photodesk write probe\n'), { contentType: 'text/plain', cacheControl: 'no-store', ...(signal ? { signal } : {}) });
    await storage.delete(key, signal ? { signal } : undefined);
  } catch (e) {
    // A desk has two stores, often two buckets: say which one failed, not only the probe's key.
    if (!isPhotodeskError(e) || e.code === 'ABORTED') throw e;
    throw new PhotodeskError(e.code, `${storage.name} cannot be written (checked before any photo): ${e.message}`, { file: e.file, cause: e, hint: e.hint });
  }
}
