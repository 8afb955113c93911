import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PhotodeskError } from '../errors.js';
import { createLocalStorage } from './local.js';
import type { Storage } from './types.js';

/** Where a storage URL points: a local folder or an S3 bucket and prefix. */
export type StorageTarget = { kind: 'local'; dir: string } | { kind: 's3'; bucket: string; prefix: string };

/** Options of {@link storageFromUrl}: what a URL cannot say. */
export interface StorageUrlOptions {
  /** S3-compatible endpoint (MinIO, R2, moto...). Default: $S3_ENDPOINT, else AWS. */
  endpoint?: string;
  /** Path-style S3 URLs (on by default with an endpoint). */
  pathStyle?: boolean;
  /** Default: $AWS_REGION, else us-east-1. */
  region?: string;
  /** Base of public URLs (a CDN). */
  publicBaseUrl?: string;
  /** Attempts per S3 request. Default: $AWS_MAX_ATTEMPTS, else 5 (see `createS3Storage`). */
  maxAttempts?: number;
}

const ACCEPTED = 'a folder (./out, /srv/photos), a file: URL (file:///srv/photos) or s3://bucket/prefix';
// S3's bucket naming rules: 3-63 lower-case letters, digits, dots and hyphens, starting and ending alphanumeric.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Reads a destination: a bare path or `file:` URL is a local folder, `s3://bucket[/prefix]` a bucket; any
 * other scheme, a malformed `s3:` URL or an invalid bucket name is an error, never a folder named "s3:".
 * @throws `INVALID_DESTINATION`, saying which forms are accepted.
 */
export function parseStorageUrl(url: string): StorageTarget {
  const u = url.trim();
  const bad = (why: string) => new PhotodeskError('INVALID_DESTINATION', `"${u.slice(0, 200)}" is not a destination: ${why}. Give ${ACCEPTED}.`);
  if (u === '') throw bad('it is empty');
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(u)?.[1]?.toLowerCase(); // two letters or more: "C:\photos" stays a path
  if (scheme === undefined) return { kind: 'local', dir: path.resolve(u) };
  if (scheme === 'file') {
    try {
      return { kind: 'local', dir: fileURLToPath(u) };
    } catch (e) {
      throw bad(`a file: URL needs an absolute path (${(e as Error).message})`);
    }
  }
  if (scheme !== 's3') throw bad(`the scheme "${scheme}:" is not supported`);
  const m = /^s3:\/\/([^/?#]*)\/?([^?#]*)$/i.exec(u);
  if (!m) throw bad('an S3 destination is written s3://bucket or s3://bucket/prefix');
  const bucket = m[1]!;
  if (bucket === '') throw bad('the bucket name is missing');
  if (!BUCKET.test(bucket)) throw bad(`"${bucket}" is not a valid bucket name (3-63 lower-case letters, digits, dots and hyphens)`);
  return { kind: 's3', bucket, prefix: m[2]!.replace(/\/+$/, '') };
}

/**
 * The storage a destination names (see {@link parseStorageUrl}). The AWS SDK is loaded only for an s3:// URL.
 * @throws `INVALID_DESTINATION`
 */
export async function storageFromUrl(url: string, options: StorageUrlOptions = {}): Promise<Storage> {
  const t = parseStorageUrl(url);
  if (t.kind === 'local') return createLocalStorage({ dir: t.dir, ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}) });
  const { createS3Storage } = await import('./s3.js');
  const endpoint = options.endpoint ?? process.env.S3_ENDPOINT;
  return createS3Storage({
    bucket: t.bucket,
    prefix: t.prefix,
    clientConfig: { region: options.region ?? process.env.AWS_REGION ?? 'us-east-1', ...(endpoint ? { endpoint } : {}), ...(options.pathStyle || endpoint ? { forcePathStyle: true } : {}) },
    ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });
}
