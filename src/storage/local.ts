import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fsError, storageError } from './errors.js';
import { joinKey } from './keys.js';
import { IMMUTABLE, type ObjectInfo, type PutOptions, type PutResult, type Storage, type SwapOptions, type Versioned } from './types.js';

/** Options of {@link createLocalStorage}. */
export interface LocalStorageOptions {
  /** The folder objects are written under. Created when missing. */
  dir: string;
  /** Base of public URLs (e.g. "https://cdn.example.org/photos"); default: file:// URLs into `dir`. */
  publicBaseUrl?: string;
  /** Default Cache-Control recorded with each object. */
  cacheControl?: string;
}

const TMP = '.photodesk-tmp';
const META = '.photodesk-meta';
const LOCKS = '.photodesk-locks';
/** A lock older than this was left by a crashed writer (a swap holds it for milliseconds). */
const STALE_LOCK_MS = 10_000;
/** How long a swap waits for another writer's lock before giving up. */
const LOCK_WAIT_MS = 5_000;

interface Sidecar {
  contentType: string;
  cacheControl: string | null;
  metadata: Record<string, string>;
  sha256: string;
  size: number;
}

/**
 * A folder as storage: the embedded default. Writes are atomic (a temporary file, fsynced, then hard-linked
 * into place, which fails rather than replace an existing file), so a crash never leaves a half-written file
 * under a final name and a key is never overwritten. Content type, cache control and metadata are kept in
 * a JSON sidecar under `.photodesk-meta/`.
 */
export function createLocalStorage(options: LocalStorageOptions): Storage {
  const root = path.resolve(options.dir);
  const defaultCache = options.cacheControl ?? IMMUTABLE;
  const base = (options.publicBaseUrl ?? pathToFileURL(root).href).replace(/\/+$/, '');

  const fileOf = (key: string) => {
    const k = joinKey('', key);
    const full = path.join(root, ...k.split('/'));
    if (!full.startsWith(root + path.sep)) throw storageError('INVALID_KEY', key, 'The key leaves the storage folder');
    return { k, full, meta: path.join(root, META, ...k.split('/')) + '.json' };
  };

  async function head(key: string): Promise<ObjectInfo | null> {
    const { k, full, meta } = fileOf(key);
    let stat;
    try {
      stat = await fs.stat(full);
    } catch {
      return null;
    }
    let side = await readSidecar(meta);
    // A sidecar that describes other bytes (a swap cut between its two renames) is no sidecar.
    if (side && side.size !== stat.size) side = null;
    const sha256 = side?.sha256 ?? createHash('sha256').update(await fs.readFile(full)).digest('hex');
    return { key: k, size: stat.size, contentType: side?.contentType ?? null, cacheControl: side?.cacheControl ?? null, metadata: side?.metadata ?? {}, sha256 };
  }

  return {
    name: `local folder ${root}`,
    head: (key) => head(key),

    async put(key: string, body: Buffer | Uint8Array, opts: PutOptions): Promise<PutResult> {
      opts.signal?.throwIfAborted();
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const { k, full, meta } = fileOf(key);
      const side: Sidecar = { contentType: opts.contentType, cacheControl: opts.cacheControl ?? defaultCache, metadata: { ...(opts.metadata ?? {}) }, sha256, size: bytes.length };
      const writeSidecar = () =>
        atomicWrite(path.join(root, TMP), meta, Buffer.from(JSON.stringify(side)), true).catch((e: unknown) => {
          throw fsError(e, k, `Cannot write the metadata of the object into ${root}`);
        });
      // The same bytes already there are kept; a sidecar lost with them (a full disk between the two writes)
      // is written again, so a re-run repairs what a failed run left.
      const kept = async (outcome: PutResult) => {
        const have = await readSidecar(meta);
        if (have?.sha256 !== sha256 || have.size !== bytes.length) await writeSidecar();
        return outcome;
      };
      const existing = await existingOutcome(k, full, sha256);
      if (existing) return kept(existing);
      try {
        await atomicWrite(path.join(root, TMP), full, bytes, false);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(e, k, `Cannot write into ${root}`);
        // Another writer got there first: the same bytes are fine, others are a conflict.
        const again = await existingOutcome(k, full, sha256);
        if (again) return kept(again);
        throw e;
      }
      // The sidecar follows the data: a crash in between leaves a readable object whose hash head() recomputes.
      await writeSidecar();
      return { key: k, status: 'created', size: bytes.length, sha256, verified: true };
    },

    async get(key: string): Promise<Buffer> {
      const { k, full } = fileOf(key);
      try {
        return await fs.readFile(full);
      } catch (e) {
        throw storageError('STORAGE_NOT_FOUND', k, 'No such object', e);
      }
    },

    async *list(prefix = ''): AsyncIterable<{ key: string; size: number }> {
      const keys: { key: string; size: number }[] = [];
      await walk(root, '', keys);
      keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const p = prefix.trim() === '' ? '' : joinKey('', prefix);
      for (const e of keys) if (e.key.startsWith(p)) yield e;
    },

    async delete(key: string): Promise<void> {
      const { full, meta } = fileOf(key);
      await fs.rm(full, { force: true });
      await fs.rm(meta, { force: true });
    },

    url: (key) => `${base}/${joinKey('', key).split('/').map(encodeURIComponent).join('/')}`,

    async read(key: string): Promise<Versioned | null> {
      const { full } = fileOf(key);
      try {
        const body = await fs.readFile(full);
        return { body, version: sha256Of(body) };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw fsError(e, key, 'Cannot read');
      }
    },

    async swap(key: string, body: Buffer, opts: SwapOptions): Promise<{ version: string }> {
      opts.signal?.throwIfAborted();
      const { k, full, meta } = fileOf(key);
      // Write-then-rename under a lock file: the check and the rename happen with no other writer between them.
      const release = await lock(path.join(root, LOCKS, `${sha256Of(Buffer.from(k)).slice(0, 32)}.lock`), k);
      try {
        let current: string | null = null;
        try {
          current = sha256Of(await fs.readFile(full));
        } catch {
          current = null;
        }
        if (current !== opts.expected) {
          throw storageError('STORAGE_CONFLICT', k, current === null ? 'The object was removed by another writer' : 'Another writer changed the object first; read it again and retry');
        }
        const side: Sidecar = { contentType: opts.contentType, cacheControl: opts.cacheControl ?? 'no-cache', metadata: {}, sha256: sha256Of(body), size: body.length };
        // The sidecar first: a crash between the two leaves the old object with a sidecar whose hash no longer
        // matches, which head() treats as absent metadata, never as a wrong hash of the new one.
        try {
          await atomicWrite(path.join(root, TMP), meta, Buffer.from(JSON.stringify(side)), true);
          await atomicWrite(path.join(root, TMP), full, body, true);
        } catch (e) {
          throw fsError(e, k, `Cannot write into ${root}`);
        }
        return { version: side.sha256 };
      } finally {
        await release();
      }
    },
  };
}

function sha256Of(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Takes an exclusive lock file (O_EXCL), waiting for another holder, breaking one left by a crash. */
async function lock(file: string, key: string): Promise<() => Promise<void>> {
  await fs.mkdir(path.dirname(file), { recursive: true }).catch((e: unknown) => {
    throw fsError(e, key, 'Cannot lock');
  });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fh = await fs.open(file, 'wx');
      await fh.close();
      return () => fs.rm(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(e, key, 'Cannot lock');
    }
    const stat = await fs.stat(file).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs > STALE_LOCK_MS) await fs.rm(file, { force: true });
    else if (Date.now() > deadline) throw storageError('STORAGE_CONFLICT', key, 'Another writer holds the lock; retry');
    else await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
  }
}

async function existingOutcome(k: string, full: string, sha256: string): Promise<PutResult | null> {
  let current: Buffer;
  try {
    current = await fs.readFile(full);
  } catch {
    return null;
  }
  const have = createHash('sha256').update(current).digest('hex');
  if (have === sha256) return { key: k, status: 'skipped', size: current.length, sha256, verified: true };
  throw storageError('STORAGE_CONFLICT', k, `The key already holds different bytes (sha256 ${have.slice(0, 12)}, new ${sha256.slice(0, 12)})`);
}

/**
 * Writes to a temporary file in the same file system, fsyncs it, then links it into place. `replace`
 * renames over an existing file (sidecars); otherwise `link` fails with EEXIST rather than overwrite.
 */
async function atomicWrite(tmpDir: string, dest: string, data: Buffer, replace: boolean): Promise<void> {
  await fs.mkdir(tmpDir, { recursive: true });
  await fs.mkdir(path.dirname(dest), { recursive: true });
  const tmp = path.join(tmpDir, randomUUID());
  try {
    const fh = await fs.open(tmp, 'wx');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (replace) await fs.rename(tmp, dest);
    else await fs.link(tmp, dest);
  } finally {
    // Whatever happened (a full disk, a link refused), no temporary file is left behind.
    await fs.rm(tmp, { force: true });
  }
}

async function readSidecar(file: string): Promise<Sidecar | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Sidecar;
  } catch {
    return null;
  }
}

async function walk(root: string, rel: string, out: { key: string; size: number }[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(path.join(root, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (rel === '' && (e.name === TMP || e.name === META || e.name === LOCKS)) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) await walk(root, r, out);
    else if (e.isFile()) out.push({ key: r, size: (await fs.stat(path.join(root, r))).size });
  }
}
