import { redactQueueUrl } from '../../pipeline/queue/connection.js';
import { createPhotoQueue, type PhotoQueue } from '../../pipeline/queue/queue.js';
import { createWorker } from '../../pipeline/queue/worker.js';
import { printable } from '../../util/printable.js';
import type { QueueCliOptions, WorkerCliOptions } from '../commands/queue.js';
import { deskFromOptions } from '../desk-options.js';
import { queueConfigOf } from '../queue-options.js';

/** `photodesk worker`: runs until SIGTERM or Ctrl-C, then resolves to the exit code. */
export async function runWorker(opts: WorkerCliOptions): Promise<number> {
  const { desk, policy } = await deskFromOptions(opts);
  const queue = queueConfigOf(policy, opts.queue);
  const w = await createWorker({
    config: { ...policy, queue },
    desk,
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    ...(opts.encodeSlots ? { encodeSlots: opts.encodeSlots } : {}),
    onJob: (e) => {
      if (opts.json) return void process.stdout.write(JSON.stringify(e) + '\n');
      if (e.type === 'started') return;
      const who = printable(e.name ?? e.jobId.slice(0, 12));
      if (e.type === 'completed') process.stdout.write(`${e.result.status === 'published' ? 'published' : 'skipped  '} ${who} (${e.ms} ms, rendered ${e.result.rendered}) -> ${e.result.manifestUrl ?? ''}\n`);
      else process.stdout.write(`${e.final ? 'failed   ' : 'retrying '} ${who}: ${e.failure.code} ${printable(e.failure.message)}${e.final ? '' : ` (try ${e.attempt})`}\n`);
    },
  });
  process.stderr.write(`photodesk worker ${process.pid}: queue "${queue.name}" at ${redactQueueUrl(queue.url)}, ${w.worker.opts.concurrency} in flight, publishing to ${desk.storage.name}\n`);
  // SIGTERM or Ctrl-C: take no new job, finish those in flight, exit 0. A second signal gives them back at
  // once (another worker takes them when their lock lapses).
  await new Promise<void>((resolve) => {
    let stops = 0;
    const stop = (sig: string) => {
      stops++;
      process.stderr.write(`photodesk worker ${process.pid}: ${sig}: ${stops === 1 ? 'finishing the jobs in flight (again to give them back now)' : 'giving the jobs in flight back'}\n`);
      void w.close(stops > 1).then(resolve, resolve);
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

/** `photodesk queue status` */
export async function runQueueStatus(opts: QueueCliOptions): Promise<number> {
  await withQueue(opts, async (q) => {
    const s = await q.status();
    if (opts.json) process.stdout.write(JSON.stringify(s) + '\n');
    else {
      const counts = Object.entries(s.counts).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || 'empty';
      process.stdout.write(`queue "${s.queue}" at ${s.redis}: ${counts}\n`);
      if (s.oldestWaiting) process.stdout.write(`oldest waiting: ${printable(s.oldestWaiting.name ?? s.oldestWaiting.jobId)} for ${s.oldestWaiting.ageSeconds} s\n`);
      for (const f of s.failed) process.stdout.write(`failed ${printable(f.name ?? f.jobId)}: ${f.code} ${printable(f.message)} (${f.attempts} tries)\n`);
    }
  });
  return 0;
}

/** `photodesk queue retry-failed` */
export async function runRetryFailed(opts: QueueCliOptions): Promise<number> {
  await withQueue(opts, async (q) => {
    const n = await q.retryFailed();
    process.stdout.write(opts.json ? JSON.stringify({ retried: n }) + '\n' : `retried: ${n}\n`);
  });
  return 0;
}

async function withQueue<T>(opts: QueueCliOptions, fn: (q: PhotoQueue) => Promise<T>): Promise<T> {
  const { desk, policy } = await deskFromOptions(opts, { catalogue: false });
  const q = createPhotoQueue({ queue: queueConfigOf(policy, opts.queue), privateStorage: desk.privateStorage });
  try {
    return await fn(q);
  } finally {
    await q.close();
  }
}
