import { Command } from 'commander';
import { printable } from '../../util/printable.js';
import { addDeskOptions, deskFromOptions, type DeskOptions } from '../desk-options.js';
import { addQueueOption, queueConfigOf } from '../queue-options.js';
import { positiveInt } from '../shared.js';

interface WorkerCliOptions extends DeskOptions {
  queue?: string;
  concurrency?: number;
  encodeSlots?: number;
  json?: boolean;
}

/** `photodesk worker`: pulls photo jobs from the queue until SIGTERM or Ctrl-C. */
export function workerCommand(): Command {
  const cmd = new Command('worker').description('publish photos from the job queue (BullMQ on Redis) until stopped; run one or more per machine');
  addDeskOptions(cmd);
  return addQueueOption(cmd)
    .option('--concurrency <n>', "photos in flight (default: the config's concurrency, else half the cores)", positiveInt)
    .option('--encode-slots <n>', 'encodes in flight in this process (default: one per core; give each of several workers on one machine its share)', positiveInt)
    .option('--json', 'one JSON line per finished job')
    .action(async (opts: WorkerCliOptions, c: Command) => {
      const { desk, policy } = await deskFromOptions(opts);
      const queue = queueConfigOf(policy, opts.queue);
      const { createWorker } = await import('../../pipeline/queue/worker.js');
      const { redactQueueUrl } = await import('../../pipeline/queue/connection.js');
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
      c.setOptionValue('exitCode', 0);
    });
}

interface QueueCliOptions extends DeskOptions {
  queue?: string;
  json?: boolean;
}

/** `photodesk queue status|retry-failed` */
export function queueCommand(): Command {
  const parent = new Command('queue').description('operate the job queue: status, retry-failed');
  const status = addQueueOption(addDeskOptions(new Command('status').description('jobs per state, the oldest waiting job, failed jobs with their codes')))
    .option('--json', 'print the status as JSON')
    .action(async (opts: QueueCliOptions, c: Command) => {
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
      done(c, 0);
    });
  const retry = addQueueOption(addDeskOptions(new Command('retry-failed').description('move every failed job back to waiting')))
    .option('--json', 'print the count as JSON')
    .action(async (opts: QueueCliOptions, c: Command) => {
      await withQueue(opts, async (q) => {
        const n = await q.retryFailed();
        process.stdout.write(opts.json ? JSON.stringify({ retried: n }) + '\n' : `retried: ${n}\n`);
      });
      done(c, 0);
    });
  return parent.addCommand(status.exitOverride()).addCommand(retry.exitOverride());
}

/** The exit code on the subcommand and on `queue` (main reads it from a top-level command). */
function done(c: Command, code: number): void {
  c.setOptionValue('exitCode', code);
  c.parent?.setOptionValue('exitCode', code);
}

async function withQueue<T>(opts: QueueCliOptions, fn: (q: import('../../pipeline/queue/queue.js').PhotoQueue) => Promise<T>): Promise<T> {
  const { desk, policy } = await deskFromOptions(opts, { catalogue: false });
  const { createPhotoQueue } = await import('../../pipeline/queue/queue.js');
  const q = createPhotoQueue({ queue: queueConfigOf(policy, opts.queue), privateStorage: desk.privateStorage });
  try {
    return await fn(q);
  } finally {
    await q.close();
  }
}
