import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared real-world corpus (../shared/corpus), or PHOTODESK_CORPUS; null when it is not on this machine. */
export const CORPUS: string | null = (() => {
  const dir = process.env.PHOTODESK_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
  return existsSync(path.join(dir, 'exiftool.json')) ? dir : null;
})();

/** Said once by every suite that needs the corpus and skips without it. */
export function corpusMissingMessage(): string {
  const msg = `SKIPPED: the shared corpus was not found at ${path.resolve(ROOT, '..', 'shared', 'corpus')} (set PHOTODESK_CORPUS to its folder). Corpus conformance was NOT checked.`;
  console.warn(msg);
  return msg;
}

/** A per-test output folder under test-output/. */
export function outputDir(...parts: string[]): string {
  return path.join(ROOT, 'test-output', ...parts);
}
