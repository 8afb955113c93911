import path from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Policy } from '../config/schema.js';
import { deskFromConfig, storageUrlOf } from '../pipeline/from-config.js';
import type { Desk } from '../pipeline/desk.js';
import { parseStorageUrl } from '../storage/from-url.js';
import { trackDesk } from './open-desks.js';
import type { DeskOptions } from './options.js';

/** A desk made from the options and the config file. */
export interface CliDesk {
  desk: Desk;
  policy: Policy;
  /** The public store, normalised (a folder path or s3://bucket/prefix): what the bulk journal is named for. */
  destination: string;
}

/** The desk the options and the config file describe. @throws `INVALID_DESTINATION`, `INVALID_CONFIG` (exit 2) */
export async function deskFromOptions(opts: DeskOptions, options: { catalogue?: boolean } = {}): Promise<CliDesk> {
  const { policy, file } = await loadConfig(opts.config ? { file: opts.config } : {});
  const baseDir = file ? path.dirname(file) : process.cwd();
  const desk = await deskFromConfig(policy, {
    baseDir,
    ...(opts.to !== undefined ? { to: opts.to } : {}),
    ...(opts.private !== undefined ? { private: opts.private } : {}),
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.pathStyle ? { pathStyle: true } : {}),
    ...(opts.publicBaseUrl ? { publicBaseUrl: opts.publicBaseUrl } : {}),
    ...(options.catalogue === false ? { catalogue: false } : {}),
  });
  trackDesk(desk);
  const target = parseStorageUrl(opts.to ?? storageUrlOf(policy.storage.public, baseDir));
  return { desk, policy, destination: target.kind === 's3' ? `s3://${target.bucket}/${target.prefix}` : target.dir };
}
