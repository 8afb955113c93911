import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PhotodeskError } from '../../errors.js';
import { createSqlCatalogue, type SqlClient } from './sql-catalogue.js';
import type { Catalogue } from './types.js';

/**
 * Opens a catalogue: `postgres://…` (PostgreSQL, shared by every worker) or `pglite:<folder>` (PGlite,
 * PostgreSQL compiled to WebAssembly, embedded: one process at a time). PGlite was chosen over SQLite because
 * it installs from the npm registry alone on every Node version the project supports (better-sqlite3 is a
 * native addon built per Node ABI) and speaks the same SQL as the shared catalogue: one implementation, one
 * contract suite, and PostgreSQL's English and Russian stemmers for text search.
 * @throws `INVALID_CONFIG` for another scheme; `CATALOGUE_UNAVAILABLE` when it cannot be opened.
 */
export async function openCatalogue(url: string, options: { table?: string } = {}): Promise<Catalogue> {
  const u = url.trim();
  if (/^postgres(ql)?:\/\//.test(u)) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: u, max: 4 });
    pool.on('error', () => undefined); // an idle client's error: the next query reports it
    const client: SqlClient = {
      query: (text, params) => pool.query(text, params) as never,
      async transaction(fn) {
        const c = await pool.connect();
        try {
          await c.query('begin');
          const r = await fn({ query: (text, params) => c.query(text, params) as never });
          await c.query('commit');
          return r;
        } catch (e) {
          await c.query('rollback').catch(() => undefined);
          throw e;
        } finally {
          c.release();
        }
      },
      close: () => pool.end(),
    };
    return opened(client, `PostgreSQL ${redact(u)}`, { ...options, kind: 'shared' });
  }
  const m = /^pglite:(.*)$/.exec(u);
  if (!m) throw new PhotodeskError('INVALID_CONFIG', `"${redact(u).slice(0, 200)}" is not a catalogue URL: expected postgres://user@host:port/db or pglite:<folder>`);
  const dir = path.resolve(m[1] || 'photodesk-catalogue');
  mkdirSync(path.dirname(dir), { recursive: true });
  const unlock = lock(`${dir}.lock`);
  const { PGlite } = await import('@electric-sql/pglite');
  let db: InstanceType<typeof PGlite>;
  try {
    db = new PGlite(dir);
    await db.waitReady;
  } catch (cause) {
    unlock();
    throw new PhotodeskError('CATALOGUE_UNAVAILABLE', `The embedded catalogue in ${dir} cannot be opened: ${(cause as Error).message}`, { cause, hint: 'Remove the folder and run photodesk catalogue rebuild: the catalogue is made again from the private records.' });
  }
  const client: SqlClient = {
    query: (text, params) => db.query(text, params) as never,
    transaction: (fn) => db.transaction((tx) => fn({ query: (text, params) => tx.query(text, params) as never })),
    close: () => db.close().finally(unlock),
  };
  return opened(client, `embedded catalogue ${dir}`, { ...options, kind: 'embedded' });
}

/**
 * The embedded catalogue is one process's at a time (PGlite does not lock its folder, and two writers would
 * damage it): a lock file holding the owner's pid, taken over when that process is gone.
 * @throws `CATALOGUE_UNAVAILABLE` while another live process holds it.
 */
function lock(file: string): () => void {
  for (let tries = 0; tries < 2; tries++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new PhotodeskError('CATALOGUE_UNAVAILABLE', `Cannot lock the embedded catalogue (${file}): ${(e as Error).message}`, { cause: e });
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (owner && alive(owner)) {
        throw new PhotodeskError('CATALOGUE_UNAVAILABLE', `The embedded catalogue is open in process ${owner} (${file})`, { hint: 'The embedded catalogue serves one process at a time: wait for the other command, or share a PostgreSQL catalogue (catalogue.url) between processes and workers.' });
      }
      rmSync(file, { force: true }); // its owner is gone
    }
  }
  throw new PhotodeskError('CATALOGUE_UNAVAILABLE', `Cannot lock the embedded catalogue (${file})`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function opened(client: SqlClient, name: string, options: { table?: string; kind: 'embedded' | 'shared' }): Promise<Catalogue> {
  try {
    return await createSqlCatalogue(client, { name, ...options });
  } catch (cause) {
    await client.close().catch(() => undefined);
    if (cause instanceof PhotodeskError) throw cause;
    throw new PhotodeskError('CATALOGUE_UNAVAILABLE', `${name} cannot be used: ${(cause as Error).message}`, { cause });
  }
}

/** A URL without its password. */
function redact(u: string): string {
  return u.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
