import { writeFileSync } from 'node:fs';
import { BUILTIN_RULE_IDS, didYouMean } from '../../config/rule-ids.js';
import { PhotodeskError } from '../../errors.js';
import { rebuildCatalogue } from '../../pipeline/catalogue/rebuild.js';
import type { CatalogueEntry, SearchQuery } from '../../pipeline/catalogue/types.js';
import { htmlHead, htmlLinkCard, htmlTail } from '../../report/html.js';
import { pick } from '../../util/pick.js';
import { printable } from '../../util/printable.js';
import type { CatalogueCliOptions, SearchCliOptions } from '../commands/search.js';
import { deskFromOptions } from '../desk-options.js';
import { cut, renderTable } from '../table.js';

/** `photodesk search`: resolves to the exit code. */
export async function runSearch(words: string[], opts: SearchCliOptions): Promise<number> {
  const { desk, policy } = await deskFromOptions(opts);
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
  return 0;
}

/** `photodesk catalogue rebuild`: resolves to the exit code. */
export async function runCatalogueRebuild(opts: CatalogueCliOptions): Promise<number> {
  const { desk } = await deskFromOptions(opts);
  if (!desk.catalogue) throw new PhotodeskError('INVALID_CONFIG', 'No catalogue configured: add "catalogue": {} (embedded, in the private folder) or { "url": "postgres://…" } to the config');
  const r = await rebuildCatalogue(desk, desk.catalogue);
  process.stdout.write(opts.json ? JSON.stringify(r) + '\n' : `catalogued: ${r.photos} photos (${r.hashed} hashed from their originals, ${r.skipped} never published) in ${desk.catalogue.name}\n`);
  return 0;
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
