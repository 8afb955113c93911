/** What a stored object says about itself. */
export interface ObjectInfo {
  key: string;
  size: number;
  contentType: string | null;
  cacheControl: string | null;
  /** User metadata, decoded (non-ASCII values survive the round trip). */
  metadata: Record<string, string>;
  /** Hex SHA-256 of the bytes, when photodesk stored the object. */
  sha256: string | null;
}

/** Options of one put. */
export interface PutOptions {
  contentType: string;
  /** Default: the storage's `cacheControl` (`public, max-age=31536000, immutable`). */
  cacheControl?: string;
  /** User metadata (credit, creator, caption...): any Unicode, encoded for the store as needed. */
  metadata?: Record<string, string>;
  signal?: AbortSignal;
}

/** The result of a put: `created`, or `skipped` because the key already held these exact bytes. */
export interface PutResult {
  key: string;
  status: 'created' | 'skipped';
  size: number;
  sha256: string;
  /**
   * True when the store has already confirmed these exact bytes (a skip found them by hash; a local write was
   * fsynced; S3 answered with the body's CRC32, or its MD5 as ETag), so publishing need not read the object
   * back.
   */
  verified?: boolean;
}

/** A mutable object (a pointer) and its version: the store's ETag, or a hash of the bytes on a folder. */
export interface Versioned {
  body: Buffer;
  version: string;
}

/** Options of {@link Storage.swap}. */
export interface SwapOptions {
  contentType: string;
  /** Default `no-cache`: a pointer is read again on every use. */
  cacheControl?: string;
  /** The version the caller read ({@link Storage.read}), or null when it expects no object yet. */
  expected: string | null;
  signal?: AbortSignal;
}

/**
 * Where renditions and manifests go. Every implementation is idempotent and never overwrites: a put of the
 * bytes a key already holds is a skip, a put of other bytes is a `STORAGE_CONFLICT`.
 */
export interface Storage {
  /** A short description for logs and errors (never credentials). */
  readonly name: string;
  /** Stores `body` under `key` unless the key already exists. Bodies are Buffers: replayable on retry. */
  put(key: string, body: Buffer | Uint8Array, options: PutOptions): Promise<PutResult>;
  /** The object's info, or null when the key does not exist. */
  head(key: string, options?: { signal?: AbortSignal }): Promise<ObjectInfo | null>;
  /** The object's bytes. @throws `STORAGE_NOT_FOUND` */
  get(key: string, options?: { signal?: AbortSignal }): Promise<Buffer>;
  /** Every key under `prefix` (relative to the storage's own prefix), with its size, in key order. */
  list(prefix?: string, options?: { signal?: AbortSignal }): AsyncIterable<{ key: string; size: number }>;
  /** Removes a key (no error when it does not exist). */
  delete(key: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** The public URL of a key. */
  url(key: string): string;
  /**
   * A mutable object (the one kind photodesk has: a photo's pointer to its current edition) with its version,
   * or null when the key does not exist.
   */
  read(key: string, options?: { signal?: AbortSignal }): Promise<Versioned | null>;
  /**
   * Compare-and-swap: replaces the object under `key` only if it is still at `options.expected` (null: only if
   * there is none), so two writers who read the same version cannot both win.
   * @throws `STORAGE_CONFLICT` when another writer moved it first: read it again and retry.
   */
  swap(key: string, body: Buffer, options: SwapOptions): Promise<{ version: string }>;
}

/** Default Cache-Control of renditions: names are content-addressed, so they never change. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
