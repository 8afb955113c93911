import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PhotodeskError } from '../errors.js';
import { sniffFormat } from './sniff.js';

/** An entry a folder walk passed over, and why: every one is counted, none is dropped silently. */
export interface WalkSkip {
  path: string;
  reason: 'not-a-photo' | 'hidden' | 'link-outside' | 'linked-folder' | 'unreadable' | 'special';
}

/** Options of {@link walkFiles}. */
export interface WalkOptions {
  /**
   * Inside folders, take only files whose first bytes are a supported photo (a config JSON or a README beside
   * the photos is skipped, not failed). Files named on their own are always taken. Default false.
   */
  photosOnly?: boolean;
  /** Called for each entry passed over. */
  onSkip?: (skip: WalkSkip) => void;
}

/** How many bytes file-type needs to tell a format. */
const SNIFF_BYTES = 4100;

/**
 * Yields every file under the given paths: files as given, folders walked recursively in a stable (sorted)
 * order. Inside folders, hidden entries (dot files, `.git`) are skipped, symbolic links to files are followed
 * when the file lies inside one of the roots, and links to folders are not followed (no cycles); each
 * skipped entry is reported through `onSkip`.
 * @throws `PATH_NOT_FOUND` when a path given does not exist (checked before anything is yielded).
 */
export async function* walkFiles(paths: readonly string[], options: WalkOptions = {}): AsyncGenerator<string> {
  const roots: { path: string; isDir: boolean; real: string }[] = [];
  for (const p of paths) {
    try {
      const stat = await fs.stat(p);
      roots.push({ path: p, isDir: stat.isDirectory(), real: await fs.realpath(p) });
    } catch (e) {
      throw new PhotodeskError('PATH_NOT_FOUND', `${JSON.stringify(p)} does not exist or cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: p, cause: e });
    }
  }
  const inside = (real: string) => roots.some((r) => real === r.real || real.startsWith(r.real + path.sep));
  for (const r of roots) {
    if (r.isDir) yield* walkDir(r.path, inside, options);
    else yield r.path;
  }
}

async function* walkDir(dir: string, inside: (real: string) => boolean, options: WalkOptions): AsyncGenerator<string> {
  const skip = (p: string, reason: WalkSkip['reason']) => options.onSkip?.({ path: p, reason });
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    skip(dir, 'unreadable');
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('.')) {
      skip(full, 'hidden');
      continue;
    }
    if (entry.isDirectory()) {
      yield* walkDir(full, inside, options);
      continue;
    }
    if (entry.isSymbolicLink()) {
      const target = await fs.stat(full).catch(() => null);
      if (!target) skip(full, 'unreadable');
      else if (target.isDirectory()) skip(full, 'linked-folder');
      else if (!target.isFile()) skip(full, 'special');
      else if (!inside(await fs.realpath(full))) skip(full, 'link-outside');
      else if (await taken(full, options, skip)) yield full;
      continue;
    }
    if (!entry.isFile()) skip(full, 'special');
    else if (await taken(full, options, skip)) yield full;
  }
}

/** With `photosOnly`, whether the file's first bytes are a supported photo (else it is reported skipped). */
async function taken(file: string, options: WalkOptions, skip: (p: string, reason: WalkSkip['reason']) => void): Promise<boolean> {
  if (!options.photosOnly) return true;
  let head: Buffer;
  try {
    const fh = await fs.open(file, 'r');
    try {
      const buf = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch {
    skip(file, 'unreadable');
    return false;
  }
  if (await sniffFormat(head)) return true;
  skip(file, 'not-a-photo');
  return false;
}
