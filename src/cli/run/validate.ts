import { once } from 'node:events';
import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs';
import { loadConfig } from '../../config/load.js';
import { validateFile } from '../../pipeline/check-file.js';
import { htmlCard, htmlHead, htmlTail } from '../../report/html.js';
import { junitXml } from '../../report/junit.js';
import { textReport, textSummary } from '../../report/text.js';
import type { ValidationResult } from '../../report/types.js';
import { mapOrdered } from '../../util/ordered-map.js';
import type { ValidateOptions } from '../commands/validate.js';
import { createProgress } from '../progress.js';
import { collectFiles, noPhotos, skipReason, skippedLines } from '../shared.js';

/** `photodesk validate`: resolves to the exit code (1 when a photo fails the policy). */
export async function runValidate(paths: string[], opts: ValidateOptions): Promise<number> {
  const { policy } = await loadConfig(opts.config ? { file: opts.config } : {});
  const { files, skipped } = await collectFiles(paths, opts.allowEmpty);
  const progress = createProgress('validate', files.length, opts.progress);
  const out = process.stdout;
  const color = opts.color !== false && !!out.isTTY;
  const counts = { pass: 0, warn: 0, fail: 0 };
  const forJunit: ValidationResult[] = [];
  const html = opts.html ? createWriteStream(opts.html) : null;
  if (html) await write(html, htmlHead(`photodesk validate: ${files.length} file(s)`));
  if (opts.json) out.write('[');
  let first = true;
  const results = mapOrdered(files, async (f) => ({ named: f.named, r: await validateFile(f.path, policy) }), opts.concurrency);
  for await (const { named, r } of results) {
    const reason = named ? null : skipReason(r.error);
    if (reason) {
      skipped.push({ path: r.file, reason });
      progress.tick(false);
      continue;
    }
    counts[r.verdict]++;
    progress.tick(r.verdict === 'fail');
    if (opts.json) {
      out.write((first ? '\n' : ',\n') + JSON.stringify(r));
      first = false;
    } else out.write(textReport(r, color) + '\n');
    if (opts.junit) forJunit.push({ ...r, fixed: null });
    if (html) await write(html, await htmlCard(r, r.error ? null : r.file));
  }
  progress.stop();
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)); // the walk's and the reads' in one order
  if (opts.json) out.write(first ? ']\n' : '\n]\n');
  else out.write(textSummary(counts) + '\n' + skippedLines(skipped));
  if (opts.json && skipped.length > 0) process.stderr.write(skippedLines(skipped));
  if (opts.junit) writeFileSync(opts.junit, junitXml(forJunit));
  if (html) {
    html.end(htmlTail(textSummary(counts)));
    await once(html, 'finish');
  }
  // Every file a folder held turned out not to be a photo: nothing was checked, as for an empty folder.
  if (counts.pass + counts.warn + counts.fail === 0 && !opts.allowEmpty) throw noPhotos(paths, skipped, true);
  return counts.fail > 0 ? 1 : 0;
}

async function write(stream: WriteStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}
