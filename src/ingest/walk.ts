import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Yields every file under the given paths: files as given, folders walked recursively in a stable (sorted)
 * order, hidden entries (dot files, `.git`) skipped inside folders. Paths that do not exist are yielded as
 * given so the caller reports them as a per-file error rather than losing them.
 */
export async function* walkFiles(paths: readonly string[]): AsyncGenerator<string> {
  for (const p of paths) {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch {
      yield p;
      continue;
    }
    if (stat.isDirectory()) yield* walkDir(p);
    else yield p;
  }
}

async function* walkDir(dir: string): AsyncGenerator<string> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walkDir(full);
    else if (entry.isFile()) yield full;
  }
}
