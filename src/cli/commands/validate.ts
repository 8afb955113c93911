import { Command } from 'commander';
import { addAllowEmptyOption, DEFAULT_CONCURRENCY, positiveInt } from '../options.js';

/** The options of `photodesk validate`. */
export interface ValidateOptions {
  config?: string;
  json?: boolean;
  junit?: string;
  html?: string;
  concurrency: number;
  progress: boolean;
  /** --allow-empty: paths holding no photo are not an error. */
  allowEmpty?: boolean;
  color?: boolean;
}

/** `photodesk validate <paths...>` */
export function validateCommand(): Command {
  const cmd = new Command('validate')
    .description("check each photo's credit, caption and metadata against the desk's policy")
    .argument('<paths...>', 'photo files or folders (walked recursively)');
  return addAllowEmptyOption(cmd)
    .option('--config <file>', 'policy file (default: photodesk.config.{ts,mjs,js,json} in the working directory)')
    .option('--json', 'print a JSON array of {file, verdict, findings, fixed}')
    .option('--junit <file>', 'also write JUnit XML (one test case per photo)')
    .option('--html <file>', 'also write a self-contained HTML contact sheet')
    .option('--concurrency <n>', 'photos read at once', positiveInt, DEFAULT_CONCURRENCY)
    .option('--no-progress', 'no progress bar on stderr')
    .option('--no-color', 'no colour in the readable report')
    .action(async (paths: string[], opts: ValidateOptions, cmd: Command) => {
      const { runValidate } = await import('../run/validate.js');
      cmd.setOptionValue('exitCode', await runValidate(paths, opts));
    });
}
