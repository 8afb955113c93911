/**
 * Moves a folder (an archive of any size) to S3: every photo validated, rendered and published, with a
 * progress line and a journal, so that running it again after a crash or Ctrl-C resumes where it stopped.
 *
 *   MALLOC_ARENA_MAX=2 AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... \
 *     npx jiti examples/bulk-upload.ts archive/ s3://newsroom-photos/archive [--private s3://newsroom-desk/archive] [--endpoint http://minio:9000]
 *
 * (MALLOC_ARENA_MAX=2 keeps a long run's memory flat with glibc; see the README.)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDesk, journalName, loadConfig, storageFromUrl, walkFiles, type IngestEvent } from 'photodesk';

export interface BulkOptions {
  folder: string;
  /** s3://bucket/prefix (public: renditions, edition manifests, pointers) */
  to: string;
  /** The desk's private store (originals, full metadata, history): another bucket or a folder. Default ./photodesk-private. */
  privateTo?: string;
  endpoint?: string;
  concurrency?: number;
  journalDir?: string;
  signal?: AbortSignal;
  onEvent?: (e: IngestEvent) => void;
}

export async function bulkUpload(o: BulkOptions): Promise<{ published: number; skipped: number; failed: number }> {
  const { policy } = await loadConfig();
  const s3 = o.endpoint ? { endpoint: o.endpoint } : {};
  const desk = createDesk({ policy, storage: await storageFromUrl(o.to, s3), privateStorage: await storageFromUrl(o.privateTo ?? './photodesk-private', s3) });
  const journal = path.join(o.journalDir ?? '.photodesk', journalName(o.to));
  const counts = { published: 0, skipped: 0, failed: 0 };
  for await (const e of desk.ingestMany(walkFiles([o.folder]), { journal, ...(o.concurrency ? { concurrency: o.concurrency } : {}), ...(o.signal ? { signal: o.signal } : {}) })) {
    o.onEvent?.(e);
    if (e.type === 'published') counts.published++;
    else if (e.type === 'skipped') counts.skipped++;
    else if (e.type === 'failed' || e.type === 'rejected') counts.failed++;
  }
  return counts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [folder, to] = process.argv.slice(2);
  const flag = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const endpoint = flag('--endpoint');
  const privateTo = flag('--private');
  if (!folder || !to) {
    console.error('usage: bulk-upload <folder> s3://bucket/prefix [--private s3://bucket/prefix] [--endpoint url]');
    process.exit(2);
  }
  const abort = new AbortController();
  process.on('SIGINT', () => abort.abort());
  let done = 0;
  const started = Date.now();
  const counts = await bulkUpload({
    folder,
    to,
    ...(endpoint ? { endpoint } : {}),
    ...(privateTo ? { privateTo } : {}),
    signal: abort.signal,
    onEvent: (e) => {
      if (e.type === 'started') return;
      done++;
      process.stderr.write(`\r${done} done, ${(done / ((Date.now() - started) / 1000)).toFixed(1)}/s, last: ${e.type} ${path.basename(e.source)}        `);
    },
  });
  process.stderr.write('\n');
  console.log(`published ${counts.published}, skipped ${counts.skipped}, failed ${counts.failed}`);
  process.exitCode = counts.failed > 0 ? 1 : 0;
}
