import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { BUILTIN_RULE_IDS, didYouMean } from '../../config/rule-ids.js';
import { PhotodeskError } from '../../errors.js';
import { rebuildCatalogue } from '../../pipeline/catalogue/rebuild.js';
import type { Desk } from '../../pipeline/desk.js';
import type { CatalogueEntry, SearchQuery } from '../../pipeline/catalogue/types.js';
import { htmlHead, htmlLinkCard, htmlTail } from '../../report/html.js';
import { printable } from '../../util/printable.js';
import { addDeskOptions, deskFromOptions, type DeskOptions } from '../desk-options.js';
import { positiveInt } from '../shared.js';
import { renderTable } from '../table.js';
import { pick } from '../../util/pick.js';

interface SearchCliOptions extends DeskOptions {
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
      const { desk, policy } = await deskFromOptions(opts);
      {
        if (opts.rule !== undefined) {
          const known = [...BUILTIN_RULE_IDS, ...policy.rules.custom.map((r) => r.id)];
          if (!known.includes(opts.rule)) throw new PhotodeskError('INVALID_QUERY', `unknown rule id "${opts.rule.slice(0, 60)}"${didYouMean(opts.rule, known)}`);
        }
        const query: SearchQuery = {
          ...(words.length ? { text: words.join(' ') } : {}),
          ...pick(opts, ['credit', 'creator', 'status', 'verdict', 'rule', 'cursor']),
          ...(opts.since ? { from: opts.since } : {}),
          ...(opts.until ? { to: opts.until } : {}),
          ...(opts.sourceType ? { digitalSourceType: opts.sourceType } : {}),
          limit: opts.limit,
        };
        const page = await desk.search(query);
        if (opts.html) writeFileSync(opts.html, contactSheet(page.results, words.join(' ')));
        if (opts.json) process.stdout.write(JSON.stringify(page) + '\n');
        else {
          const rows = page.results.map((e) => [e.publishedAt.slice(0, 16).replace('T', ' '), e.photoId.slice(0, 12), e.status === 'withdrawn' ? 'WITHDRAWN' : e.verdict, printable(cut(e.creditLine ?? e.credit ?? '', 40)), printable(cut(e.headline ?? e.caption ?? '', 60))]);
          process.stdout.write(rows.length ? renderTable(['published', 'photo', 'verdict', 'credit', 'caption'], rows, process.stdout.columns || 120) + '\n' : 'no photos found\n');
          if (page.next) process.stdout.write(`more: --cursor ${page.next}\n`);
        }
        c.setOptionValue('exitCode', 0);
      }
    });
}

/** `photodesk catalogue rebuild` */
export function catalogueCommand(): Command {
  const parent = new Command('catalogue').description('the desk\'s catalogue (search, near-duplicates): derived from the private store');
  const rebuild = addDeskOptions(new Command('rebuild').description('recreate the catalogue from the private records (the truth)'))
    .option('--json', 'print the counts as JSON')
    .action(async (opts: DeskOptions & { json?: boolean }, c: Command) => {
      const { desk } = await deskFromOptions(opts);
      if (!desk.catalogue) throw new PhotodeskError('INVALID_CONFIG', 'No catalogue configured: add "catalogue": {} (embedded, in the private folder) or { "url": "postgres://…" } to the config');
      const r = await rebuildCatalogue(desk, desk.catalogue);
      process.stdout.write(opts.json ? JSON.stringify(r) + '\n' : `catalogued: ${r.photos} photos (${r.hashed} hashed from their originals, ${r.skipped} never published) in ${desk.catalogue.name}\n`);
      c.setOptionValue('exitCode', 0);
      c.parent?.setOptionValue('exitCode', 0);
    });
  return parent.addCommand(rebuild.exitOverride());
}

function contactSheet(results: CatalogueEntry[], words: string): string {
  const cards = results.map((e) =>
    htmlLinkCard({
      title: `${e.name ?? e.photoId.slice(0, 12)} · ${e.publishedAt.slice(0, 10)}`,
      href: e.manifestUrl,
      imageUrl: e.thumbnailUrl,
      alt: e.caption ?? '',
      verdict: e.status === 'withdrawn' ? 'fail' : e.verdict,
      caption: e.caption,
      credit: e.creditLine ?? e.credit,
      facts: [e.status === 'withdrawn' ? 'withdrawn' : `edition ${e.editionId}`, ...(e.rules.length ? [`findings: ${e.rules.join(', ')}`] : []), ...(e.creator.length ? [`by ${e.creator.join(', ')}`] : [])],
    }),
  );
  return htmlHead(`photodesk search${words ? `: ${words}` : ''}`) + cards.join('') + htmlTail(`${results.length} photos`);
}

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

