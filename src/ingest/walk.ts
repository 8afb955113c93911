import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import pLimit, { type LimitFunction } from 'p-limit';
import { PhotodeskError } from '../errors.js';
import { readHead } from './read-source.js';
import { sniffFileStart } from './sniff.js';

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
  for await (const entry of walkEntries(paths, options)) yield entry.path;
}

/** A file {@link walkEntries} yields: `named` when it was one of the paths given, else a folder walk found it. */
export interface WalkEntry {
  path: string;
  named: boolean;
}

/** {@link walkFiles}, telling the files named apart from those found in folders. */
export async function* walkEntries(paths: readonly string[], options: WalkOptions = {}): AsyncGenerator<WalkEntry> {
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
  const limit = pLimit(LOOK_AHEAD);
  for (const r of roots) {
    if (!r.isDir) yield { path: r.path, named: true };
    else for await (const f of walkDir(r.path, inside, options, limit)) yield { path: f, named: false };
  }
}

/** Files whose bytes are looked at ahead of the one being yielded (see {@link walkDir}). */
const LOOK_AHEAD = 16;

async function* walkDir(dir: string, inside: (real: string) => boolean, options: WalkOptions, limit: LimitFunction): AsyncGenerator<string> {
  const skip = (p: string, reason: WalkSkip['reason']) => options.onSkip?.({ path: p, reason });
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    skip(dir, 'unreadable');
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Each file's verdict (a stat for links, a sniff of its first bytes) starts ahead, LOOK_AHEAD at a time, and
  // is taken in the sorted order: one at a time, a folder of 1,000 photos took 180 ms to open and sniff.
  const verdicts = new Map<Dirent, Promise<WalkSkip['reason'] | null>>();
  for (const entry of entries) {
    if (!entry.name.startsWith('.') && !entry.isDirectory()) verdicts.set(entry, limit(() => verdict(path.join(dir, entry.name), entry, inside, options)));
  }
  let finished = false;
  try {
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.name.startsWith('.')) skip(full, 'hidden');
      else if (entry.isDirectory()) yield* walkDir(full, inside, options, limit);
      else {
        const reason = await verdicts.get(entry)!;
        if (reason) skip(full, reason);
        else yield full;
      }
    }
    finished = true;
  } finally {
    // A consumer that stops early (break, an error) stops the reads not yet begun.
    if (!finished) limit.clearQueue();
  }
}

/** Why a file in a folder is passed over, or null when it is taken. Never rejects. */
async function verdict(file: string, entry: Dirent, inside: (real: string) => boolean, options: WalkOptions): Promise<WalkSkip['reason'] | null> {
  if (entry.isSymbolicLink()) {
    const target = await fs.stat(file).catch(() => null);
    if (!target) return 'unreadable';
    if (target.isDirectory()) return 'linked-folder';
    if (!target.isFile()) return 'special';
    const real = await fs.realpath(file).catch(() => null);
    if (!real) return 'unreadable';
    if (!inside(real)) return 'link-outside';
  } else if (!entry.isFile()) return 'special';
  if (!options.photosOnly) return null;
  const head = await readHead(file, SNIFF_BYTES).catch(() => null);
  if (!head) return 'unreadable';
  // A head shorter than asked for is the whole file; else file-type may read on (a TIFF's directory at its end).
  const sniffed = await sniffFileStart(file, head, head.length < SNIFF_BYTES ? head.length : Infinity).catch(() => undefined);
  if (sniffed === undefined) return 'unreadable';
  return sniffed ? null : 'not-a-photo';
}
