import { Command } from 'commander';
import { addAllowEmptyOption, addDeskOptions, addQueueOption, DEFAULT_CONCURRENCY, positiveInt, type DeskOptions } from '../options.js';

/** The options of `photodesk ingest`. */
export interface IngestOptions extends DeskOptions {
  /** --queue [url]: enqueue for workers instead of publishing here. */
  queue?: string | boolean;
  wait: boolean;
  concurrency?: number;
  dryRun?: boolean;
  json?: boolean;
  override?: boolean;
  journal?: string;
  progress: boolean;
  /** --allow-empty: paths holding no photo are not an error. */
  allowEmpty?: boolean;
}

/** `photodesk ingest <paths...>` */
export function ingestCommand(): Command {
  const cmd = new Command('ingest')
    .description('validate, render and publish photos: renditions, <picture> markup, an edition manifest and a pointer per photo')
    .argument('<paths...>', 'photo files or folders (walked recursively)');
  return addAllowEmptyOption(addQueueOption(addDeskOptions(cmd), true))
    .option('--concurrency <n>', `photos in flight (default: the config's concurrency, else ${Math.max(1, DEFAULT_CONCURRENCY / 2)})`, positiveInt)
    .option('--dry-run', 'validate and plan only: nothing is rendered or written')
    .option('--json', 'print one JSON result per line')
    .option('--override', 'publish photos whose verdict is fail (an editor decided)')
    .option('--journal <file>', 'journal for resuming (default: .photodesk/journal-<hash of the destination>.jsonl)')
    .option('--no-progress', 'no progress on stderr')
    .option('--no-wait', 'with --queue: return once the photos are queued')
    .action(async (paths: string[], opts: IngestOptions, cmd: Command) => {
      if (opts.queue !== undefined) {
        const { runQueuedIngest } = await import('../run/ingest-queued.js');
        return void cmd.setOptionValue('exitCode', await runQueuedIngest(paths, opts));
      }
      const { runIngest } = await import('../run/ingest.js');
      cmd.setOptionValue('exitCode', await runIngest(paths, opts));
    });
}
