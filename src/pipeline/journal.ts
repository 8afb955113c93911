import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** One line of the journal: a source that reached an end (published, already there, rejected, failed). */
export interface JournalEntry {
  source: string;
  size: number;
  mtimeMs: number;
  status: 'published' | 'already-published' | 'rejected' | 'failed';
  photoId?: string;
  /** The edition published, and the desk settings it was worked out under ({@link Desk.fingerprint}). */
  editionId?: string;
  fingerprint?: string;
  manifestKey?: string;
  code?: string;
}

/**
 * The journal of a bulk run: JSON lines, appended (one write per line, O_APPEND) when a photo reaches an end.
 * A crash can only cut the last line, which the reader ignores; a photo in flight at the crash has no line
 * and is done again (its stored renditions are skips, its manifest is written last).
 */
export interface Journal {
  readonly file: string;
  /**
   * The entry of a source published before, unchanged since (same size and mtime) and under the same desk
   * settings (fingerprint), if any: with other settings the photo may make another edition.
   */
  lookup(source: string, size: number, mtimeMs: number, fingerprint?: string): JournalEntry | undefined;
  append(entry: JournalEntry): Promise<void>;
  close(): Promise<void>;
}

export async function openJournal(file: string): Promise<Journal> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const done = new Map<string, JournalEntry>();
  let text = '';
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    // a new journal
  }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as JournalEntry;
      if (e.status === 'failed') done.delete(e.source);
      else done.set(e.source, e);
    } catch {
      // a line cut by a crash
    }
  }
  // A cut last line would glue onto the next append: start on a fresh line.
  const fh = await fs.open(file, 'a');
  if (text.length > 0 && !text.endsWith('\n')) await fh.write('\n');
  return {
    file,
    lookup(source, size, mtimeMs, fingerprint) {
      const e = done.get(source);
      // Only publication is final: a rejected photo is looked at again (the policy or an override may change).
      return e && e.size === size && e.mtimeMs === mtimeMs && e.fingerprint === fingerprint && (e.status === 'published' || e.status === 'already-published') ? e : undefined;
    },
    async append(entry) {
      await fh.write(JSON.stringify(entry) + '\n');
      await fh.datasync();
      if (entry.status === 'failed') done.delete(entry.source);
      else done.set(entry.source, entry);
    },
    close: () => fh.close(),
  };
}

/** A journal file name for a destination, so runs to different places never share one. */
export function journalName(destination: string): string {
  return `journal-${createHash('sha256').update(destination).digest('hex').slice(0, 12)}.jsonl`;
}
