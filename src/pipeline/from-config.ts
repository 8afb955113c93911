import path from 'node:path';
import type { Policy } from '../config/schema.js';
import { PhotodeskError } from '../errors.js';
import { parseStorageUrl, storageFromUrl, type StorageTarget, type StorageUrlOptions } from '../storage/from-url.js';
import { openCatalogue } from './catalogue/open.js';
import { createDesk, type Desk } from './desk.js';

/** What may override the config file's storage section (the CLI's --to, --private, --endpoint...). */
export interface DeskFromConfigOptions {
  /** Folder that relative folders in the config are relative to: the config file's. Default: the working directory. */
  baseDir?: string;
  /** Public store URL (relative folders: to the working directory). */
  to?: string;
  /** Private store URL (relative folders: to the working directory). */
  private?: string;
  endpoint?: string;
  region?: string;
  pathStyle?: boolean;
  publicBaseUrl?: string;
  /** Open the config's catalogue (default true); false for a desk that only queues or reads its records. */
  catalogue?: boolean;
}

/**
 * The desk a configuration describes, its storage made from the URLs in its `storage` section (or the given
 * overrides): what the CLI, the examples and every queue worker use, so that one file configures any machine.
 * @throws `INVALID_DESTINATION` for a malformed URL or a private store inside the public one; `INVALID_CONFIG`.
 */
export async function deskFromConfig(policy: Policy, options: DeskFromConfigOptions = {}): Promise<Desk> {
  const base = options.baseDir ?? process.cwd();
  const pubUrl = options.to ?? storageUrlOf(policy.storage.public, base);
  const privUrl = options.private ?? storageUrlOf(policy.storage.private, base);
  const pub = parseStorageUrl(pubUrl);
  const priv = parseStorageUrl(privUrl);
  if (pub.kind === 'local' && priv.kind === 'local' && (priv.dir === pub.dir || priv.dir.startsWith(pub.dir + path.sep))) {
    throw new PhotodeskError('INVALID_DESTINATION', `The private store ${priv.dir} is inside the public one ${pub.dir}: originals and private records would be published. Give the private store another folder.`);
  }
  if (pub.kind === 's3' && priv.kind === 's3' && pub.bucket === priv.bucket && (priv.prefix === pub.prefix || pub.prefix === '' || priv.prefix.startsWith(pub.prefix + '/'))) {
    throw new PhotodeskError('INVALID_DESTINATION', `The private store s3://${priv.bucket}/${priv.prefix} is inside the public one s3://${pub.bucket}/${pub.prefix}: give it another bucket or a prefix outside the public one.`);
  }
  const s3: StorageUrlOptions = {};
  const endpoint = options.endpoint ?? policy.storage.endpoint;
  const region = options.region ?? policy.storage.region;
  const publicBaseUrl = options.publicBaseUrl ?? policy.storage.publicBaseUrl;
  if (endpoint) s3.endpoint = endpoint;
  if (region) s3.region = region;
  if (options.pathStyle ?? policy.storage.pathStyle) s3.pathStyle = true;
  if (policy.storage.maxAttempts) s3.maxAttempts = policy.storage.maxAttempts;
  const catalogue = policy.catalogue && options.catalogue !== false ? await openCatalogue(catalogueUrl(policy.catalogue.url, priv)) : undefined;
  return createDesk({
    policy,
    storage: await storageFromUrl(pubUrl, { ...s3, ...(publicBaseUrl ? { publicBaseUrl } : {}) }),
    privateStorage: await storageFromUrl(privUrl, s3),
    ...(catalogue ? { catalogue } : {}),
  });
}

/** The catalogue's URL: the configured one, or the embedded catalogue in the private folder. */
function catalogueUrl(url: string | undefined, priv: StorageTarget): string {
  if (url) return url;
  if (priv.kind !== 'local') throw new PhotodeskError('INVALID_CONFIG', 'catalogue: the embedded catalogue lives in a local private folder; with a private store on S3, give catalogue.url (postgres://user@host/db)');
  return `pglite:${path.join(priv.dir, 'catalogue.pglite')}`;
}

/** A storage URL from a config file: a relative folder is relative to the file, not to wherever the worker was started. */
export function storageUrlOf(url: string, base: string): string {
  const u = url.trim();
  if (/^[a-z][a-z0-9+.-]+:/i.test(u) || path.isAbsolute(u)) return u;
  return path.resolve(base, u);
}
