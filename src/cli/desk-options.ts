import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { PhotodeskError } from '../errors.js';
import { createDesk, type Desk } from '../pipeline/desk.js';
import { parseStorageUrl, storageFromUrl } from '../storage/from-url.js';

/** The options every command that publishes takes: where the public and private stores are, the policy. */
export interface DeskOptions {
  to: string;
  private: string;
  config?: string;
  endpoint?: string;
  pathStyle?: boolean;
  publicBaseUrl?: string;
}

/** Adds the destination and policy options to a command. */
export function addDeskOptions(cmd: Command): Command {
  return cmd
    .option('--to <destination>', 'public store: a folder, file: URL or s3://bucket/prefix', './photodesk-out')
    .option('--private <destination>', 'private store (originals, full metadata, history): a folder or s3://bucket/prefix; never public', './photodesk-private')
    .option('--config <file>', 'policy file (default: photodesk.config.{ts,mjs,js,json} in the working directory)')
    .option('--endpoint <url>', 'S3-compatible endpoint (MinIO, R2...; default: AWS, or $S3_ENDPOINT)')
    .option('--path-style', 'path-style S3 URLs (MinIO, moto)')
    .option('--public-base-url <url>', 'base of the public URLs in markup and manifests');
}

/** The desk the options describe. @throws `INVALID_DESTINATION`, `INVALID_CONFIG` (exit 2) */
export async function deskFromOptions(opts: DeskOptions): Promise<Desk> {
  const pub = parseStorageUrl(opts.to);
  const priv = parseStorageUrl(opts.private);
  if (pub.kind === 'local' && priv.kind === 'local' && (priv.dir === pub.dir || priv.dir.startsWith(pub.dir + '/'))) {
    throw new PhotodeskError('INVALID_DESTINATION', `The private store ${priv.dir} is inside the public one ${pub.dir}: originals and private records would be published. Give --private another folder.`);
  }
  const s3 = { ...(opts.endpoint ? { endpoint: opts.endpoint } : {}), ...(opts.pathStyle ? { pathStyle: true } : {}) };
  const { policy } = await loadConfig(opts.config ? { file: opts.config } : {});
  return createDesk({
    policy,
    storage: await storageFromUrl(opts.to, { ...s3, ...(opts.publicBaseUrl ? { publicBaseUrl: opts.publicBaseUrl } : {}) }),
    privateStorage: await storageFromUrl(opts.private, s3),
  });
}
