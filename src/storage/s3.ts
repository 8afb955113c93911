import { createHash, randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { PhotodeskError, type ErrorCode } from '../errors.js';
import { describeCause, storageError } from './errors.js';
import { joinKey } from './keys.js';
import { createRetryStrategy } from './retry.js';
import { IMMUTABLE, type ObjectInfo, type PutOptions, type PutResult, type Storage, type SwapOptions, type Versioned } from './types.js';
import { decodeMetadata, encodeMetadata } from './user-metadata.js';

/** Options of {@link createS3Storage}. */
export interface S3StorageOptions {
  bucket: string;
  /** Prefix every key is stored under, e.g. "photos". */
  prefix?: string;
  /** A ready client; otherwise one is made from `clientConfig` and the SDK's default credential chain. */
  client?: S3Client;
  /** Endpoint, region, forcePathStyle, credentials... for an S3-compatible store. */
  clientConfig?: S3ClientConfig;
  /** Base of public URLs (a CDN). Default: the endpoint's path-style URL, or AWS's virtual-host URL. */
  publicBaseUrl?: string;
  /** Default Cache-Control. */
  cacheControl?: string;
  /** Bodies of at least this many bytes go up as multipart uploads (lib-storage). Default 16 MiB. */
  multipartThreshold?: number;
  /** Multipart part size. Default 8 MiB. */
  partSize?: number;
  /** Parts in flight per multipart upload. Default 4. */
  queueSize?: number;
  /**
   * Attempts per request: retries with backoff on 5xx, throttling and dropped connections. Default:
   * `clientConfig.maxAttempts`, else `$AWS_MAX_ATTEMPTS` (the SDK's own setting), else 5.
   */
  maxAttempts?: number;
  /** Backoff of those retries: exponential with full jitter, in ms (defaults 100, 500 when throttled, cap 20,000). */
  retryDelays?: { baseDelayMs?: number; throttlingDelayMs?: number; maxDelayMs?: number };
  /**
   * The SDK's checksum settings. Some S3-compatible servers mishandle the SDK's default flexible checksums
   * (aws-chunked trailers); set both to "WHEN_REQUIRED" for them.
   */
  requestChecksumCalculation?: S3ClientConfig['requestChecksumCalculation'];
  /**
   * Whether a put may rely on the store's conditional writes (`If-None-Match: *` answered with 412 when the
   * key exists) instead of checking the key first: one request per object instead of two. Default "auto":
   * found out once per storage, on its first put, by writing a probe object twice under `.photodesk-probe/`
   * (then deleting it); a store that lets the second write through (it ignores the header) gets the check
   * before every put, so nothing is replaced either way. AWS S3, MinIO, R2 and moto honour it. `true` or
   * `false` skips the probe.
   */
  conditionalWrites?: boolean | 'auto';
  responseChecksumValidation?: S3ClientConfig['responseChecksumValidation'];
}

type Sdk = typeof import('@aws-sdk/client-s3') & Pick<typeof import('@aws-sdk/lib-storage'), 'Upload'>;
let sdk: Promise<Sdk> | null = null;

/**
 * The AWS SDK, loaded on first use: a desk that publishes to a folder never pays its start-up (~170 ms), and
 * it need not be installed at all (an optional peer dependency).
 */
function loadSdk(): Promise<Sdk> {
  sdk ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]).then(
    ([s3, storage]) => ({ ...s3, Upload: storage.Upload }),
    (e: unknown) => {
      sdk = null;
      throw new PhotodeskError('STORAGE_CONFIG', `S3 storage needs the AWS SDK, which is not installed (${(e as Error).message.split('\n')[0]})`, { cause: e, hint: 'npm install @aws-sdk/client-s3 @aws-sdk/lib-storage' });
    },
  );
  return sdk;
}

/**
 * Attempts per request. photodesk's retry strategy replaces the SDK's, and with it the SDK's reading of
 * `AWS_MAX_ATTEMPTS`, so that variable is read here: a user who raised it is not silently left at 5.
 * @throws `INVALID_CONFIG` when `AWS_MAX_ATTEMPTS` is not a whole number from 1 to 100.
 */
function attemptsOf(options: S3StorageOptions): number {
  if (options.maxAttempts !== undefined) return options.maxAttempts;
  if (typeof options.clientConfig?.maxAttempts === 'number') return options.clientConfig.maxAttempts;
  const env = process.env.AWS_MAX_ATTEMPTS?.trim();
  if (env === undefined || env === '') return 5;
  const n = /^\d{1,3}$/.test(env) ? Number(env) : NaN;
  if (!(n >= 1 && n <= 100)) {
    throw new PhotodeskError('INVALID_CONFIG', `AWS_MAX_ATTEMPTS is "${env.slice(0, 40)}": give a whole number of attempts per S3 request from 1 to 100, or unset it for the default (5)`);
  }
  return n;
}

/** The metadata key photodesk verifies objects with. */
const SHA_KEY = 'sha256';

/**
 * S3 or an S3-compatible store (MinIO, R2, B2, Ceph) as storage, on the AWS SDK v3. Every body is a Buffer,
 * so the SDK's retries replay it safely; large bodies use lib-storage's multipart upload. A put checks the key
 * first and writes with `If-None-Match: *`, so an existing object is never replaced.
 */
export function createS3Storage(options: S3StorageOptions): Storage {
  const attempts = attemptsOf(options);
  let made: Promise<{ sdk: Sdk; client: S3Client }> | null = null;
  /** The SDK and the client, made on the first request. */
  const aws = () =>
    (made ??= loadSdk().then((sdk) => ({
      sdk,
      client:
        options.client ??
        new sdk.S3Client({
          retryStrategy: createRetryStrategy(attempts, options.retryDelays),
          ...options.clientConfig,
          ...(options.requestChecksumCalculation ? { requestChecksumCalculation: options.requestChecksumCalculation } : {}),
          ...(options.responseChecksumValidation ? { responseChecksumValidation: options.responseChecksumValidation } : {}),
        }),
    })));
  const { bucket } = options;
  const creds = options.clientConfig?.credentials as { secretAccessKey?: string; sessionToken?: string } | undefined;
  const secrets = typeof creds === 'object' && creds !== null ? [creds.secretAccessKey, creds.sessionToken].filter((x): x is string => typeof x === 'string') : [];
  const fail = (e: unknown, key: string, what: string) => mapError(e, key, what, secrets);
  const prefix = options.prefix ?? '';
  const threshold = options.multipartThreshold ?? 16 * 1024 * 1024;
  const defaultCache = options.cacheControl ?? IMMUTABLE;
  const full = (key: string) => joinKey(prefix, key);
  const strip = (k: string) => (prefix ? k.slice(joinKey('', prefix).length + 1) : k);

  async function head(key: string, signal?: AbortSignal): Promise<ObjectInfo | null> {
    const Key = full(key);
    const { sdk, client } = await aws();
    try {
      const r = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key }), { abortSignal: signal });
      const metadata = decodeMetadata(r.Metadata);
      const sha256 = metadata[SHA_KEY] ?? null;
      delete metadata[SHA_KEY];
      return { key: strip(Key), size: r.ContentLength ?? 0, contentType: r.ContentType ?? null, cacheControl: r.CacheControl ?? null, metadata, sha256 };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw fail(e, Key, 'Cannot read the object head');
    }
  }

  /** Skip when the key holds these bytes, conflict when it holds others, null when it is free. */
  async function existing(key: string, sha256: string, size: number, signal?: AbortSignal): Promise<PutResult | null> {
    const info = await head(key, signal);
    if (!info) return null;
    if (info.sha256 === sha256 && info.size === size) return { key: info.key, status: 'skipped', size, sha256, verified: true };
    if (info.sha256 === null && info.size === size) {
      // Stored by another tool: compare the bytes themselves.
      const have = createHash('sha256').update(await get(key, signal)).digest('hex');
      if (have === sha256) return { key: info.key, status: 'skipped', size, sha256, verified: true };
    }
    throw storageError('STORAGE_CONFLICT', full(key), `The key already holds different bytes (${info.size} bytes${info.sha256 ? `, sha256 ${info.sha256.slice(0, 12)}` : ''}; new ${size} bytes, sha256 ${sha256.slice(0, 12)})`);
  }

  let honours: Promise<boolean> | null = null;
  /** Whether puts may rely on If-None-Match: the option, or what the probe found (once; again after a failure). */
  const conditional = (): Promise<boolean> =>
    typeof options.conditionalWrites === 'boolean'
      ? Promise.resolve(options.conditionalWrites)
      : (honours ??= probeConditional().catch((e: unknown) => {
          honours = null;
          throw e;
        }));

  /** Writes a probe object twice with If-None-Match: a store that honours it refuses the second. Throws the SDK's error. */
  async function probeConditional(): Promise<boolean> {
    const Key = full(`.photodesk-probe/${randomUUID()}`);
    const { sdk, client } = await aws();
    const put = () => client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key, Body: Buffer.from('photodesk conditional write probe\n'), ContentType: 'text/plain', CacheControl: 'no-store', IfNoneMatch: '*' }));
    const refused = (e: unknown) => status(e) === 412 || status(e) === 409;
    try {
      try {
        await put();
      } catch (e) {
        if (refused(e)) return true; // a retried first write refused by its own first attempt
        throw e;
      }
      try {
        await put();
        return false;
      } catch (e) {
        if (refused(e)) return true;
        if (status(e) === 400 || status(e) === 501) return false; // a store that rejects the header outright
        throw e;
      }
    } finally {
      await client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key })).catch(() => undefined);
    }
  }

  async function get(key: string, signal?: AbortSignal): Promise<Buffer> {
    const Key = full(key);
    const { sdk, client } = await aws();
    try {
      const r = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key }), { abortSignal: signal });
      return Buffer.from(await r.Body!.transformToByteArray());
    } catch (e) {
      throw fail(e, Key, 'Cannot read the object');
    }
  }

  async function read(key: string, signal?: AbortSignal): Promise<Versioned | null> {
    const Key = full(key);
    const { sdk, client } = await aws();
    try {
      const r = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key }), { abortSignal: signal });
      return { body: Buffer.from(await r.Body!.transformToByteArray()), version: r.ETag ?? '' };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw fail(e, Key, 'Cannot read the object');
    }
  }

  return {
    name: `s3://${bucket}${prefix ? `/${joinKey('', prefix)}` : ''}`,
    head: (key, o) => head(key, o?.signal),
    get: (key, o) => get(key, o?.signal),

    async put(key: string, body: Buffer | Uint8Array, opts: PutOptions): Promise<PutResult> {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const Key = full(key);
      // Multipart uploads cannot be conditional: those always check first.
      const trusted = bytes.length < threshold && (await conditional().catch((e: unknown) => Promise.reject(fail(e, Key, 'Cannot store the object'))));
      if (!trusted) {
        const before = await existing(key, sha256, bytes.length, opts.signal);
        if (before) return before;
      }
      const params = {
        Bucket: bucket,
        Key,
        Body: bytes,
        ContentType: opts.contentType,
        CacheControl: opts.cacheControl ?? defaultCache,
        Metadata: encodeMetadata({ ...(opts.metadata ?? {}), [SHA_KEY]: sha256 }, [SHA_KEY]),
      };
      let verified = false;
      const { sdk, client } = await aws();
      try {
        if (bytes.length >= threshold) {
          const upload = new sdk.Upload({ client, params, partSize: Math.max(5 * 1024 * 1024, options.partSize ?? 8 * 1024 * 1024), queueSize: options.queueSize ?? 4, leavePartsOnError: false });
          const onAbort = () => void upload.abort();
          opts.signal?.addEventListener('abort', onAbort, { once: true });
          try {
            await upload.done();
          } finally {
            opts.signal?.removeEventListener('abort', onAbort);
          }
        } else {
          const r = await client.send(new sdk.PutObjectCommand({ ...params, IfNoneMatch: '*' }), { abortSignal: opts.signal });
          verified = confirmsBody(r, bytes);
        }
      } catch (e) {
        // Another writer (or our own retried request) got there first: compare what is there.
        if (status(e) === 412 || status(e) === 409) {
          const after = await existing(key, sha256, bytes.length, opts.signal);
          if (after) return after;
        }
        throw fail(e, Key, 'Cannot store the object');
      }
      return { key: strip(Key), status: 'created', size: bytes.length, sha256, verified };
    },

    async *list(p = '', o?: { signal?: AbortSignal }): AsyncIterable<{ key: string; size: number }> {
      const Prefix = p.trim() === '' ? (prefix ? `${joinKey('', prefix)}/` : undefined) : full(p);
      const { sdk, client } = await aws();
      try {
        for await (const page of sdk.paginateListObjectsV2({ client, pageSize: 1000 }, { Bucket: bucket, Prefix })) {
          o?.signal?.throwIfAborted();
          for (const obj of page.Contents ?? []) if (obj.Key) yield { key: strip(obj.Key), size: obj.Size ?? 0 };
        }
      } catch (e) {
        throw fail(e, Prefix ?? '', 'Cannot list the bucket');
      }
    },

    async delete(key: string, o?: { signal?: AbortSignal }): Promise<void> {
      const Key = full(key);
      const { sdk, client } = await aws();
      try {
        await client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key }), { abortSignal: o?.signal });
      } catch (e) {
        if (!isNotFound(e)) throw fail(e, Key, 'Cannot delete the object');
      }
    },

    read: (key, o) => read(key, o?.signal),

    async swap(key: string, body: Buffer, opts: SwapOptions): Promise<{ version: string }> {
      const Key = full(key);
      const sha256 = createHash('sha256').update(body).digest('hex');
      const condition = opts.expected === null ? { IfNoneMatch: '*' } : { IfMatch: opts.expected };
      const { sdk, client } = await aws();
      try {
        const r = await client.send(
          new sdk.PutObjectCommand({ Bucket: bucket, Key, Body: body, ContentType: opts.contentType, CacheControl: opts.cacheControl ?? 'no-cache', Metadata: encodeMetadata({ [SHA_KEY]: sha256 }, [SHA_KEY]), ...condition }),
          { abortSignal: opts.signal },
        );
        return { version: r.ETag ?? '' };
      } catch (e) {
        if (status(e) === 412 || status(e) === 409) {
          // A retried request whose first attempt did land sees its own write: same bytes, so it won.
          const now = await read(key, opts.signal);
          if (now && now.body.equals(body)) return { version: now.version };
          throw storageError('STORAGE_CONFLICT', Key, now === null ? 'The object was removed by another writer' : 'Another writer changed the object first; read it again and retry', e);
        }
        throw fail(e, Key, 'Cannot store the object');
      }
    },

    url(key: string): string {
      const k = full(key).split('/').map(encodeURIComponent).join('/');
      if (options.publicBaseUrl) return `${options.publicBaseUrl.replace(/\/+$/, '')}/${strip(full(key)).split('/').map(encodeURIComponent).join('/')}`;
      const endpoint = options.clientConfig?.endpoint;
      if (typeof endpoint === 'string') return `${endpoint.replace(/\/+$/, '')}/${bucket}/${k}`;
      const region = typeof options.clientConfig?.region === 'string' ? options.clientConfig.region : 'us-east-1';
      return `https://${bucket}.s3.${region}.amazonaws.com/${k}`;
    },
  };
}

function status(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function isNotFound(e: unknown): boolean {
  const name = (e as { name?: string }).name;
  return name === 'NotFound' || name === 'NoSuchKey' || status(e) === 404;
}

const AUTH_ERRORS = ['CredentialsProviderError', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired', 'AuthorizationHeaderMalformed'];

/**
 * An SDK error as a typed storage error: each cause its own code (credentials, permissions, settings, a
 * missing bucket or key, an unreachable store) and the cause itself in the message (its message, errno, HTTP
 * status, request id), never a credential.
 */
function mapError(e: unknown, key: string, what: string, secrets: readonly string[] = []) {
  const err = e as { name?: string; message?: string; code?: string };
  const name = err.name ?? '';
  const message = err.message ?? '';
  let code: ErrorCode = 'STORAGE_UNAVAILABLE';
  if (name === 'AbortError' || err.code === 'ABORT_ERR') code = 'ABORTED';
  else if (AUTH_ERRORS.includes(name) || /credential/i.test(message)) code = 'STORAGE_AUTH';
  else if (name === 'NoSuchBucket' || name === 'InvalidBucketName' || /region is missing|invalid region|endpoint/i.test(message) || name === 'PermanentRedirect' || status(e) === 301) code = name === 'NoSuchBucket' ? 'STORAGE_NOT_FOUND' : 'STORAGE_CONFIG';
  else if (isNotFound(e)) code = 'STORAGE_NOT_FOUND';
  else if (['AccessDenied', 'Forbidden', 'AllAccessDisabled'].includes(name) || status(e) === 403) code = 'STORAGE_ACCESS_DENIED';
  return storageError(code, key, `${what}: ${describeCause(e, secrets)}`, e);
}

/**
 * True when a store's answer to a single-part PutObject confirms it holds `bytes`: by its CRC32 of the body
 * (the flexible checksum the SDK sends and S3 checks before storing), or, from a store that answers without
 * one, by the ETag, which is the MD5 of the body unless the object is encrypted with KMS. CRC32 first: zlib
 * computes it about seven times as fast as MD5 (83 MB: 15-22 ms against 129-142 ms), time a two-core
 * machine otherwise takes from rendering or from the store itself.
 */
function confirmsBody(r: { ETag?: string; ChecksumCRC32?: string }, bytes: Buffer): boolean {
  if (r.ChecksumCRC32) {
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc32(bytes));
    return r.ChecksumCRC32 === sum.toString('base64');
  }
  return r.ETag?.replace(/"/g, '') === createHash('md5').update(bytes).digest('hex');
}
