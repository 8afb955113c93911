import path from 'node:path';
import { loadConfig } from '../../config/load.js';
import { errorToJson } from '../../errors.js';
import { readMetadata } from '../../metadata/read.js';
import type { PhotoMetadata } from '../../metadata/types.js';
import { mapOrdered } from '../../util/ordered-map.js';
import { printable } from '../../util/printable.js';
import type { InspectOptions } from '../commands/inspect.js';
import { createProgress } from '../progress.js';
import { collectPhotos, skippedLines } from '../shared.js';
import { cut, renderTable } from '../table.js';

/** One line of `inspect --json`: a record, or the file and its error. */
export type InspectResult = PhotoMetadata | { file: string; error: { code: string; message: string; hint?: string } };

/** `photodesk inspect`: resolves to the exit code. */
export async function runInspect(paths: string[], opts: InspectOptions): Promise<number> {
  // The desk's policy decides the charset of a Russian archive's undeclared IIM, as in validate and ingest.
  const { policy } = await loadConfig(opts.config ? { file: opts.config } : {});
  const { files, skipped } = await collectPhotos(paths, opts.allowEmpty);
  const progress = createProgress('inspect', files.length, opts.progress);
  const readOptions = {
    legacyCharset: opts.legacyCharset ?? policy.legacyCharset,
    limits: { ...policy.limits, ...(opts.maxPixels ? { maxPixels: opts.maxPixels } : {}), ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}) },
  };
  let failed = 0;
  const rows: string[][] = [];
  const out = process.stdout;
  if (opts.json) out.write('[');
  let first = true;
  const results = mapOrdered(files, async (file): Promise<InspectResult> => {
    try {
      return await readMetadata(file, readOptions);
    } catch (e) {
      return { file, error: errorToJson(e) };
    }
  }, opts.concurrency);
  for await (const r of results) {
    const isError = 'error' in r;
    if (isError) failed++;
    progress.tick(isError);
    if (opts.json) {
      out.write((first ? '\n' : ',\n') + JSON.stringify(r));
      first = false;
    } else rows.push(tableRow(r));
  }
  progress.stop();
  if (opts.json) {
    out.write(first ? ']\n' : '\n]\n');
    if (skipped.length > 0) process.stderr.write(skippedLines(skipped)); // as validate: stdout stays the JSON
  } else {
    const width = process.stdout.columns ?? 160;
    out.write(renderTable(['FILE', 'FORMAT', 'SIZE', 'CREDIT', 'BYLINE', 'COPYRIGHT', 'WARNINGS', 'CAPTION / ERROR'], rows, width) + '\n');
    out.write(`${files.length} file(s), ${files.length - failed} read, ${failed} failed\n${skippedLines(skipped)}`);
  }
  return failed > 0 ? 1 : 0;
}

/** One row: what a desk looks at first. Errors put their code and reason where the caption goes, uncut by the file name. */
function tableRow(r: InspectResult): string[] {
  const file = (f: string) => {
    const rel = path.relative(process.cwd(), f);
    return printable(rel.startsWith('..') ? f : rel);
  };
  if ('error' in r) return [file(r.file), 'ERROR', '', '', '', '', '', printable(`${r.error.code}: ${r.error.message}`)];
  const codes = [...new Set(r.warnings.map((w) => w.code))];
  const warnings = codes.length === 0 ? '-' : `${r.warnings.length} ${codes.join(',')}`;
  return [file(r.file ?? ''), r.format, `${r.displayWidth}x${r.displayHeight}`, printable(cut(r.credit ?? '', 30)), printable(cut(r.creator.join('; '), 24)), printable(cut(r.copyright ?? '', 24)), warnings, printable(r.caption ?? '')];
}
