import { Command } from 'commander';
import { addDeskOptions, addQueueOption, positiveInt, type DeskOptions } from '../options.js';

/** The options of `photodesk worker`. */
export interface WorkerCliOptions extends DeskOptions {
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
      const { runWorker } = await import('../run/queue.js');
      c.setOptionValue('exitCode', await runWorker(opts));
    });
}

/** The options of `photodesk queue status|retry-failed`. */
export interface QueueCliOptions extends DeskOptions {
  queue?: string;
  json?: boolean;
}

/** `photodesk queue status|retry-failed` */
export function queueCommand(): Command {
  const parent = new Command('queue').description('operate the job queue: status, retry-failed');
  const status = addQueueOption(addDeskOptions(new Command('status').description('jobs per state, the oldest waiting job, failed jobs with their codes')))
    .option('--json', 'print the status as JSON')
    .action(async (opts: QueueCliOptions, c: Command) => {
      const { runQueueStatus } = await import('../run/queue.js');
      done(c, await runQueueStatus(opts));
    });
  const retry = addQueueOption(addDeskOptions(new Command('retry-failed').description('move every failed job back to waiting')))
    .option('--json', 'print the count as JSON')
    .action(async (opts: QueueCliOptions, c: Command) => {
      const { runRetryFailed } = await import('../run/queue.js');
      done(c, await runRetryFailed(opts));
    });
  return parent.addCommand(status.exitOverride()).addCommand(retry.exitOverride());
}

/** The exit code on the subcommand and on `queue` (main reads it from a top-level command). */
function done(c: Command, code: number): void {
  c.setOptionValue('exitCode', code);
  c.parent?.setOptionValue('exitCode', code);
}
