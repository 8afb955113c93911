/**
 * Every failure photodesk reports on purpose is a {@link PhotodeskError} with a stable `code`.
 * Codes are part of the public contract: they never change meaning between versions.
 */
export const ERROR_CODES = {
  /** The bytes are not a photo format photodesk supports (text, PDF, SVG, ZIP, video, empty...). */
  UNSUPPORTED_TYPE: 'Convert the file to JPEG, PNG, WebP, AVIF, HEIC, TIFF or GIF, or remove it from the batch.',
  /** The file is larger than `limits.maxBytes`. */
  FILE_TOO_LARGE: 'Raise limits.maxBytes if this size is expected, or ask the sender for a smaller file.',
  /** Width x height in the header exceeds `limits.maxPixels` (a decompression bomb or an oversized scan). */
  PIXEL_LIMIT_EXCEEDED: 'Raise limits.maxPixels if this size is expected, or ask the sender for a downscaled file.',
  /** The header asks for far more decoding work than a photo needs (a progressive JPEG with thousands of scans). */
  DECODE_LIMIT_EXCEEDED: 'A decompression bomb, or a very unusual encoder: ask the sender for the file again, or raise the limit the message names (limits.maxScans, limits.maxPixels) if it is genuine.',
  /** The image header or data is damaged and cannot be read. */
  CORRUPT_IMAGE: 'Ask the sender for the file again; it is damaged or truncated.',
  /** The path does not exist or cannot be read. */
  FILE_NOT_FOUND: 'Check the path and its permissions.',
  /** A path given to a command or a walk does not exist: a usage error (exit 2), nothing was done. */
  PATH_NOT_FOUND: 'Check the path (a typo, or a folder not mounted); nothing was processed.',
  /** The paths given to a command hold no photo at all (empty or unmounted folders): a usage error (exit 2) unless `--allow-empty`. */
  NO_PHOTOS: 'Check the paths (an empty or unmounted folder, the wrong one), or pass --allow-empty when none is expected.',
  /** An input of a type photodesk does not accept (not a path, Buffer, Uint8Array or Readable). */
  INVALID_INPUT: 'Pass a file path, a Buffer/Uint8Array or a Readable stream.',
  /** A configuration value is invalid. */
  INVALID_CONFIG: 'Fix the configuration value named in the message.',
  /** The key already holds different bytes; photodesk never overwrites a published object. */
  STORAGE_CONFLICT: 'Another writer got there first (a key holds other bytes, or a photo\'s pointer moved): read the current state and retry.',
  /** The object does not exist. */
  STORAGE_NOT_FOUND: 'Check the key and the bucket or folder.',
  /** The store refused the credentials or the operation. */
  STORAGE_ACCESS_DENIED: 'Check the permissions: the bucket policy (photodesk needs GetObject, PutObject, ListBucket, DeleteObject) or the folder\'s owner and mode.',
  /** The store did not accept the credentials: none were found, or they are wrong or expired. */
  STORAGE_AUTH: 'Give the store its credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile) and check they are for this store and not expired.',
  /** The store's settings are wrong or missing: region, endpoint, bucket name. */
  STORAGE_CONFIG: 'Check the destination URL, the endpoint (--endpoint / S3_ENDPOINT) and the region (AWS_REGION).',
  /** The disk or the quota is full. */
  STORAGE_FULL: 'Free space (or raise the quota), then run the same command again: what was stored is reused.',
  /** The store could not be reached or kept failing after the retries. */
  STORAGE_UNAVAILABLE: 'The store is unreachable or overloaded; run the same command again: what was stored is reused.',
  /** A stored object does not match what was put (size or hash). */
  STORAGE_VERIFY_FAILED: 'The store returned different bytes than were sent; run again, and check the store if it persists.',
  /** A key is invalid after sanitizing (empty). */
  INVALID_KEY: 'Check the key template and the file name.',
  /** The operation was cancelled through its AbortSignal. */
  ABORTED: 'Cancelled on request; run again to resume.',
  /** The photo was withdrawn (killed): its bytes are not published again unless an editor overrides. */
  PHOTO_WITHDRAWN: 'The photo was withdrawn; publish it again only if an editor decides to (override).',
  /** No photo with this id was published by this desk (no private record of it). */
  PHOTO_NOT_FOUND: 'Check the photo id (the sha256 of the original, or a unique prefix of it) and the private storage the desk reads.',
  /** A correction's fields are not valid. */
  INVALID_PATCH: 'Fix the correction field named in the message.',
  /** A destination is not a folder path, file: URL or s3://bucket[/prefix]. */
  INVALID_DESTINATION: 'Give a folder (./out, /srv/photos, file:///srv/photos) or s3://bucket/prefix.',
  /** The photo fails the desk's policy (its verdict is `fail`), reported where a result cannot say so (a queue job). */
  POLICY_FAILED: 'Fix what the findings say (credit, caption...) and send it again, or publish with override if an editor decides to.',
  /** A queue URL is not redis://host:port/db or rediss://host:port/db. */
  INVALID_QUEUE: 'Give the queue as redis://host:port/db (or rediss:// for TLS), e.g. redis://127.0.0.1:6379/0.',
  /** The queue's Redis could not be reached in time. */
  QUEUE_UNAVAILABLE: 'Check that Redis is running and reachable at the queue URL (host, port, password, TLS).',
  /** A search's field is invalid (a date, a status, a cursor). */
  INVALID_QUERY: 'Fix the search field named in the message.',
  /** The catalogue (PostgreSQL or the embedded one) cannot be opened or does not answer. */
  CATALOGUE_UNAVAILABLE: 'Check the catalogue URL and that the database is up; the catalogue is derived: photodesk catalogue rebuild recreates it from the private store.',
} as const;

/** A stable, documented error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The error every photodesk stage throws for bad input: a stable code, the file, and what to do. */
export class PhotodeskError extends Error {
  override readonly name = 'PhotodeskError';
  /** Stable machine-readable code, e.g. `UNSUPPORTED_TYPE`. */
  readonly code: ErrorCode;
  /** The file (path or given name) the error is about, when known. */
  readonly file: string | null;
  /** What the user can do about it. */
  readonly hint: string;

  constructor(code: ErrorCode, message: string, options: { file?: string | null; cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = options.file ?? null;
    this.hint = options.hint ?? ERROR_CODES[code];
  }

  /** The JSON form used by the CLI and reports: `{ code, message, hint }`. */
  toJSON(): { code: ErrorCode; message: string; hint: string } {
    return { code: this.code, message: this.message, hint: this.hint };
  }
}

/**
 * True when `err` is a {@link PhotodeskError}, optionally with the given code. Recognises errors from another
 * copy of photodesk too (two versions in one dependency tree), where `instanceof` would say no.
 */
export function isPhotodeskError(err: unknown, code?: ErrorCode): err is PhotodeskError {
  const like = err instanceof PhotodeskError || (err instanceof Error && err.name === 'PhotodeskError' && typeof (err as PhotodeskError).code === 'string' && (err as PhotodeskError).code in ERROR_CODES);
  return like && (code === undefined || (err as PhotodeskError).code === code);
}

/**
 * The JSON form of an error for a per-file result (`{ code, message, hint }`). Configuration errors are not
 * per file: they are rethrown, so a run with a bad config stops with exit code 2.
 */
export function errorToJson(e: unknown): { code: string; message: string; hint?: string } {
  if (e instanceof PhotodeskError) {
    if (e.code === 'INVALID_CONFIG') throw e;
    return e.toJSON();
  }
  return { code: 'INTERNAL_ERROR', message: (e as Error)?.message ?? String(e) };
}
