import { Command, Option } from 'commander';
import { addDeskOptions, positiveInt, type DeskOptions } from '../options.js';

/** The options of `photodesk search`. */
export interface SearchCliOptions extends DeskOptions {
  credit?: string;
  creator?: string;
  since?: string;
  until?: string;
  status?: 'published' | 'withdrawn';
  verdict?: 'pass' | 'warn' | 'fail';
  rule?: string;
  sourceType?: string;
  limit: number;
  cursor?: string;
  json?: boolean;
  html?: string;
}

/** `photodesk search [words...]`: what the desk published (and withdrew), from its catalogue. */
export function searchCommand(): Command {
  const cmd = new Command('search')
    .description('find published and withdrawn photos in the desk\'s catalogue: words in caption, headline and keywords (English and Russian), credit, creator, dates, findings')
    .argument('[words...]', 'words to find (stemmed: "ships" finds "ship"; "учения" finds "учений")');
  return addDeskOptions(cmd)
    .option('--credit <text>', 'part of the credit or credit line, any case')
    .option('--creator <text>', "part of a creator's name, any case")
    .option('--since <date>', 'published on or after (2026-11-01 or an ISO time)')
    .option('--until <date>', 'published on or before (a bare date: to its end)')
    .addOption(new Option('--status <status>', 'published or withdrawn').choices(['published', 'withdrawn']))
    .addOption(new Option('--verdict <verdict>', 'the edition\'s verdict').choices(['pass', 'warn', 'fail']))
    .option('--rule <id>', 'has a finding of this rule (e.g. near-duplicate, ai-generated)')
    .option('--source-type <type>', 'IPTC digital source type (e.g. trainedAlgorithmicMedia)')
    .option('--limit <n>', 'results per page', positiveInt, 50)
    .option('--cursor <c>', 'the next page (printed after a full page)')
    .option('--json', 'print { results, next } as JSON')
    .option('--html <file>', 'also write a contact sheet of the results')
    .action(async (words: string[], opts: SearchCliOptions, c: Command) => {
      const { runSearch } = await import('../run/search.js');
      c.setOptionValue('exitCode', await runSearch(words, opts));
    });
}

/** The options of `photodesk catalogue rebuild`. */
export interface CatalogueCliOptions extends DeskOptions {
  json?: boolean;
}

/** `photodesk catalogue rebuild` */
export function catalogueCommand(): Command {
  const parent = new Command('catalogue').description('the desk\'s catalogue (search, near-duplicates): derived from the private store');
  const rebuild = addDeskOptions(new Command('rebuild').description('recreate the catalogue from the private records (the truth)'))
    .option('--json', 'print the counts as JSON')
    .action(async (opts: CatalogueCliOptions, c: Command) => {
      const { runCatalogueRebuild } = await import('../run/search.js');
      const code = await runCatalogueRebuild(opts);
      c.setOptionValue('exitCode', code);
      c.parent?.setOptionValue('exitCode', code);
    });
  return parent.addCommand(rebuild.exitOverride());
}
