import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { PhotodeskError } from '../errors.js';
import { closeDesks } from './open-desks.js';
import { correctCommand, withdrawCommand } from './commands/edition.js';
import { ingestCommand } from './commands/ingest.js';
import { inspectCommand } from './commands/inspect.js';
import { queueCommand, workerCommand } from './commands/queue.js';
import { catalogueCommand, searchCommand } from './commands/search.js';
import { validateCommand } from './commands/validate.js';

/** Exit codes: 0 everything succeeded, 1 some photo failed, 2 usage or configuration error. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI with `argv` (as process.argv) and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('photodesk')
    .description('Newsroom photo desk: inspect, validate and publish photos with their credits and captions')
    .version(version())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const cmd of [inspectCommand(), validateCommand(), ingestCommand(), correctCommand(), withdrawCommand(), workerCommand(), queueCommand(), searchCommand(), catalogueCommand()]) program.addCommand(cmd.exitOverride().showHelpAfterError('(run with --help for usage)'));
  try {
    await program.parseAsync(argv);
  } catch (e) {
    await closeDesks();
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    if (e instanceof PhotodeskError) {
      const usage = e.code === 'INVALID_CONFIG' || e.code === 'INVALID_DESTINATION' || e.code === 'INVALID_PATCH' || e.code === 'PATH_NOT_FOUND' || e.code === 'NO_PHOTOS' || e.code === 'INVALID_QUEUE' || e.code === 'INVALID_QUERY';
      process.stderr.write(`photodesk: ${e.code}: ${e.message}\n${usage ? '' : `  ${e.hint}\n`}`);
      return usage ? EXIT.USAGE : EXIT.FAILED;
    }
    process.stderr.write(`photodesk: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.FAILED;
  }
  await closeDesks();
  const sub = program.commands.find((c) => c.getOptionValue('exitCode') !== undefined);
  if (!sub) {
    if (argv.length <= 2) {
      program.outputHelp({ error: true });
      return EXIT.USAGE;
    }
    return EXIT.OK;
  }
  return sub.getOptionValue('exitCode') as number;
}
