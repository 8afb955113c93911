import { Command } from 'commander';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Policy } from '../config/schema.js';
import { deskFromConfig, storageUrlOf } from '../pipeline/from-config.js';
import type { Desk } from '../pipeline/desk.js';
import { parseStorageUrl } from '../storage/from-url.js';

/** The options every command that publishes takes: where the public and private stores are, the policy. */
export interface DeskOptions {
  to?: string;
  private?: string;
  config?: string;
  endpoint?: string;
  pathStyle?: boolean;
  publicBaseUrl?: string;
}

/** Adds the destination and policy options to a command. */
export function addDeskOptions(cmd: Command): Command {
  return cmd
    .option('--to <destination>', 'public store: a folder, file: URL or s3://bucket/prefix (default: the config\'s storage.public, else ./photodesk-out)')
    .option('--private <destination>', 'private store (originals, full metadata, history): a folder or s3://bucket/prefix; never public (default: the config\'s storage.private, else ./photodesk-private)')
    .option('--config <file>', 'policy file (default: photodesk.config.{ts,mjs,js,json} in the working directory)')
    .option('--endpoint <url>', 'S3-compatible endpoint (MinIO, R2...; default: the config\'s, else AWS, or $S3_ENDPOINT)')
    .option('--path-style', 'path-style S3 URLs (MinIO, moto)')
    .option('--public-base-url <url>', 'base of the public URLs in markup and manifests');
}

/** A desk made from the options and the config file. */
export interface CliDesk {
  desk: Desk;
  policy: Policy;
  /** The public store, normalised (a folder path or s3://bucket/prefix): what the bulk journal is named for. */
  destination: string;
}

/** Desks the commands opened, closed by `main` at the end (a catalogue's database connections). */
const opened: Desk[] = [];

/** Closes every desk the commands opened. */
export async function closeDesks(): Promise<void> {
  await Promise.all(opened.splice(0).map((d) => d.close().catch(() => undefined)));
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
  opened.push(desk);
  const target = parseStorageUrl(opts.to ?? storageUrlOf(policy.storage.public, baseDir));
  return { desk, policy, destination: target.kind === 's3' ? `s3://${target.bucket}/${target.prefix}` : target.dir };
}
