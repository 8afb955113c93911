import { Command } from 'commander';
import path from 'node:path';
import pc from 'picocolors';
import { loadConfig } from '../../config/load.js';
import { walkFiles } from '../../ingest/walk.js';
import { createDesk } from '../../pipeline/desk.js';
import { journalName } from '../../pipeline/journal.js';
import type { IngestEvent } from '../../pipeline/many.js';
import { createLocalStorage } from '../../storage/local.js';
import { createS3Storage } from '../../storage/s3.js';
import type { Storage } from '../../storage/types.js';
import { createProgress } from '../progress.js';
import { DEFAULT_CONCURRENCY, positiveInt } from '../shared.js';

interface IngestOptions {
  to: string;
  config?: string;
  concurrency: number;
  dryRun?: boolean;
  json?: boolean;
  override?: boolean;
  journal?: string;
  endpoint?: string;
  pathStyle?: boolean;
  publicBaseUrl?: string;
  progress: boolean;
}

export function ingestCommand(): Command {
  return new Command('ingest')
    .description('validate, render and publish photos: renditions, <picture> markup and a manifest per photo')
    .argument('<paths...>', 'photo files or folders (walked recursively)')
    .option('--to <destination>', 'a folder, or s3://bucket/prefix', './photodesk-out')
    .option('--config <file>', 'policy file (default: photodesk.config.{ts,mjs,js,json} in the working directory)')
    .option('--concurrency <n>', 'photos in flight', positiveInt, Math.max(1, DEFAULT_CONCURRENCY / 2))
    .option('--dry-run', 'validate and plan only: nothing is rendered or written')
    .option('--json', 'print one JSON result per line')
    .option('--override', 'publish photos whose verdict is fail (an editor decided)')
    .option('--journal <file>', 'journal for resuming (default: .photodesk/journal-<destination>.jsonl)')
    .option('--endpoint <url>', 'S3-compatible endpoint (MinIO, R2...; default: AWS, or $S3_ENDPOINT)')
    .option('--path-style', 'path-style S3 URLs (MinIO, moto)')
    .option('--public-base-url <url>', 'base of the public URLs in markup and manifests')
    .option('--no-progress', 'no progress on stderr')
    .action(async (paths: string[], opts: IngestOptions, cmd: Command) => {
      cmd.setOptionValue('exitCode', await runIngest(paths, opts));
    });
}

function storageFor(opts: IngestOptions): Storage {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(opts.to);
  if (!m) return createLocalStorage({ dir: path.resolve(opts.to), ...(opts.publicBaseUrl ? { publicBaseUrl: opts.publicBaseUrl } : {}) });
  const endpoint = opts.endpoint ?? process.env.S3_ENDPOINT;
  return createS3Storage({
    bucket: m[1]!,
    prefix: m[2] ?? '',
    clientConfig: { region: process.env.AWS_REGION ?? 'us-east-1', ...(endpoint ? { endpoint } : {}), ...(opts.pathStyle || endpoint ? { forcePathStyle: true } : {}) },
    ...(opts.publicBaseUrl ? { publicBaseUrl: opts.publicBaseUrl } : {}),
  });
}

async function runIngest(paths: string[], opts: IngestOptions): Promise<number> {
  const { policy } = await loadConfig(opts.config ? { file: opts.config } : {});
  const storage = storageFor(opts);
  const desk = createDesk({ policy, storage });
  const files: string[] = [];
  for await (const f of walkFiles(paths)) files.push(f);
  const destination = /^s3:\/\//.test(opts.to) ? opts.to : path.resolve(opts.to);
  const journal = opts.journal ?? path.resolve('.photodesk', journalName(destination));

  // Ctrl-C: stop taking photos; those in flight stop before their manifest (nothing half-published), the
  // journal keeps what finished. A second Ctrl-C quits at once.
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write('\nphotodesk: stopping after the photos in flight (Ctrl-C again to quit now)\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);

  const bar = createProgress('ingest', files.length, opts.progress);
  const plain = opts.progress && !process.stderr.isTTY;
  const counts = { published: 0, skipped: 0, rejected: 0, failed: 0 };
  const failures: string[] = [];
  try {
    for await (const e of desk.ingestMany(files, { concurrency: opts.concurrency, signal: abort.signal, journal, ...(opts.dryRun ? { dryRun: true } : {}), ...(opts.override ? { override: true } : {}) })) {
      if (e.type === 'started') continue;
      tally(e, counts, failures);
      bar.tick(e.type === 'failed' || e.type === 'rejected');
      if (plain) process.stderr.write(line(e) + '\n');
      if (opts.json) process.stdout.write(JSON.stringify(jsonOf(e)) + '\n');
    }
  } finally {
    bar.stop();
    process.off('SIGINT', onSigint);
  }
  const summary = [
    `${opts.dryRun ? 'planned' : 'published'}: ${counts.published}`,
    `skipped: ${counts.skipped}`,
    `rejected: ${counts.rejected}`,
    `failed: ${counts.failed}`,
    ...(abort.signal.aborted ? ['(stopped early: run the same command again to resume)'] : []),
  ].join(', ');
  const out = opts.json ? process.stderr : process.stdout;
  out.write(`${summary}\n${failures.map((f) => `  ${f}\n`).join('')}`);
  if (!opts.json && counts.published + counts.skipped > 0) out.write(`output: ${storage.name}\n`);
  return counts.failed + counts.rejected > 0 || abort.signal.aborted ? 1 : 0;
}

function tally(e: IngestEvent, counts: Record<'published' | 'skipped' | 'rejected' | 'failed', number>, failures: string[]): void {
  if (e.type === 'published') counts.published++;
  else if (e.type === 'skipped') counts.skipped++;
  else if (e.type === 'rejected') {
    counts.rejected++;
    failures.push(`POLICY_FAILED ${e.source}: ${e.result.reason ?? ''}`);
  } else if (e.type === 'failed') {
    counts.failed++;
    failures.push(`${e.error.code} ${e.source}: ${e.error.message}`);
  }
}

function line(e: IngestEvent): string {
  if (e.type === 'published') return `${pc.green('published')} ${e.source} -> ${e.result.manifestUrl ?? e.result.manifestKey}`;
  if (e.type === 'skipped') return `skipped   ${e.source} (${e.reason === 'journal' ? 'done in an earlier run' : 'already published'})`;
  if (e.type === 'rejected') return `${pc.red('rejected')}  ${e.source}: ${e.result.reason ?? ''}`;
  if (e.type === 'failed') return `${pc.red('failed')}    ${e.source}: ${e.error.code} ${e.error.message}`;
  return '';
}

function jsonOf(e: IngestEvent): Record<string, unknown> {
  if (e.type === 'failed') return { source: e.source, status: 'failed', error: e.error };
  if (e.type === 'skipped') return { source: e.source, status: 'skipped', reason: e.reason, ...(e.result ? { result: e.result } : {}) };
  if (e.type === 'started') return { source: e.source, status: 'started' };
  return { source: e.source, status: e.type, result: e.result };
}
