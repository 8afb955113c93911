/*
 * Option declarations shared by the commands. This module and the command definitions import only commander:
 * `photodesk --version`, `--help` and a usage error never load sharp, zod or the storage code; each command
 * loads its work (src/cli/run/) when it runs.
 */
import { InvalidArgumentError, type Command } from 'commander';
import os from 'node:os';

/** Commander argument parser for positive integers. */
export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

/** Photos read at once by default: enough to keep the cores and the disk busy. */
export const DEFAULT_CONCURRENCY = Math.max(2, os.availableParallelism() * 2);

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

/** Adds --queue to a command: the config's queue URL, overridden. */
export function addQueueOption(cmd: Command, optionalValue = false): Command {
  return cmd.option(optionalValue ? '--queue [url]' : '--queue <url>', `job queue: redis://host:port/db (default: the config's queue.url)`);
}

/** Adds --allow-empty to a command that takes paths: without it, paths holding no photo are `NO_PHOTOS` (exit 2). */
export function addAllowEmptyOption(cmd: Command): Command {
  return cmd.option('--allow-empty', 'exit 0 when the paths hold no photo (default: exit 2, NO_PHOTOS: an empty or unmounted folder is usually a mistake)');
}
