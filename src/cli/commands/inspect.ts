import { Command } from 'commander';
import { addAllowEmptyOption, DEFAULT_CONCURRENCY, positiveInt } from '../options.js';

/** The options of `photodesk inspect`. */
export interface InspectOptions {
  json?: boolean;
  legacyCharset?: string;
  config?: string;
  maxPixels?: number;
  maxBytes?: number;
  concurrency: number;
  progress: boolean;
  /** --allow-empty: paths holding no photo are not an error. */
  allowEmpty?: boolean;
}

/** `photodesk inspect <paths...>` */
export function inspectCommand(): Command {
  const cmd = new Command('inspect')
    .description('read each photo and print what it is and what its metadata says')
    .argument('<paths...>', 'photo files or folders (walked recursively)');
  return addAllowEmptyOption(cmd)
    .option('--json', 'print a JSON array of records (errors in place, as {file, error})')
    .option('--legacy-charset <label>', "charset for undeclared, non-UTF-8 IPTC text (e.g. windows-1251; default: the policy's legacyCharset)")
    .option('--config <file>', 'policy file whose legacyCharset and limits apply (default: photodesk.config.* in the working directory)')
    .option('--max-pixels <n>', 'refuse photos with more pixels than this', positiveInt)
    .option('--max-bytes <n>', 'refuse files larger than this', positiveInt)
    .option('--concurrency <n>', 'photos read at once', positiveInt, DEFAULT_CONCURRENCY)
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (paths: string[], opts: InspectOptions, cmd: Command) => {
      const { runInspect } = await import('../run/inspect.js');
      cmd.setOptionValue('exitCode', await runInspect(paths, opts));
    });
}
