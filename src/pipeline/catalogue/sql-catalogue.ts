import { PhotodeskError } from '../../errors.js';
import { popcount32 } from '../../renditions/phash.js';
import type { Catalogue, CatalogueEntry, SearchPage, SearchQuery } from './types.js';

/** The little of a SQL client the catalogue needs: PostgreSQL through `pg`, or PGlite. */
export interface SqlClient {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs `fn` in one transaction. */
  transaction<T>(fn: (tx: Pick<SqlClient, 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const VERDICTS = new Set(['pass', 'warn', 'fail']);

/**
 * The catalogue on PostgreSQL's SQL (a server, or PGlite embedded): one table; text search over caption,
 * headline and keywords with both the English and the Russian stemmers (PostgreSQL's own snowball
 * dictionaries); near-duplicates from an in-memory copy of the perceptual hashes, refreshed from a change
 * counter, because a Hamming-distance scan of a million rows in SQL takes far longer than in typed arrays.
 */
export async function createSqlCatalogue(client: SqlClient, options: { name: string; table?: string; kind?: 'embedded' | 'shared' }): Promise<Catalogue> {
  const t = options.table ?? 'photodesk_catalogue';
  if (!/^[a-z_][a-z0-9_]{0,50}$/.test(t)) throw new PhotodeskError('INVALID_CONFIG', `"${t}" is not a table name`);
  await client.query(`create sequence if not exists ${t}_changes`);
  // Text to match is lower-cased here, in JavaScript: a server in the C locale would not fold "Савицкий" to
  // "савицкий" (lower() and ILIKE follow the database's locale), and search must not depend on how it was set up.
  await client.query(`create table if not exists ${t} (
    photo_id text primary key,
    status text not null,
    credit_lc text not null,
    creator_lc text not null,
    published_at timestamptz not null,
    verdict text not null,
    rules text[] not null,
    source_type_lc text not null,
    phash bigint,
    tsv tsvector not null,
    doc jsonb not null,
    changed bigint not null)`);
  for (const ix of [
    `create index if not exists ${t}_published on ${t} (published_at desc, photo_id desc)`,
    `create index if not exists ${t}_tsv on ${t} using gin (tsv)`,
    `create index if not exists ${t}_rules on ${t} using gin (rules)`,
    `create index if not exists ${t}_changed on ${t} (changed)`,
  ]) await client.query(ix);

  const index = new NearIndex();
  const upsertSql = `insert into ${t} (photo_id, status, credit_lc, creator_lc, published_at, verdict, rules, source_type_lc, phash, tsv, doc, changed)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, to_tsvector('english', $10) || to_tsvector('russian', $10), $11, nextval('${t}_changes'))
    on conflict (photo_id) do update set status = excluded.status, credit_lc = excluded.credit_lc, creator_lc = excluded.creator_lc,
      published_at = excluded.published_at, verdict = excluded.verdict, rules = excluded.rules, source_type_lc = excluded.source_type_lc,
      phash = excluded.phash, tsv = excluded.tsv, doc = excluded.doc, changed = excluded.changed`;
  const paramsOf = (e: CatalogueEntry) => [
    e.photoId,
    e.status,
    fold([e.credit, e.creditLine].filter(Boolean).join('\n')),
    fold(e.creator.join('\n')),
    e.publishedAt,
    e.verdict,
    e.rules,
    fold(e.digitalSourceType ?? ''),
    e.phash ? BigInt.asIntN(64, BigInt(`0x${e.phash}`)).toString() : null,
    fold([e.headline, e.caption, ...e.keywords].filter(Boolean).join('\n')),
    JSON.stringify(e),
  ];

  /**
   * Brings the in-memory hashes up to date: one index-only look at the newest change when nothing changed (the
   * usual case), else the changed rows in pages ordered by the change counter (an index walk whatever the
   * table's statistics say: without them a plain range query is planned as a scan of every row).
   */
  async function refresh(): Promise<void> {
    const newest = (await client.query<{ m: string | null }>(`select max(changed)::text as m from ${t}`)).rows[0]?.m;
    if (newest === null || newest === undefined || BigInt(newest) <= index.mark) return;
    for (;;) {
      const { rows } = await client.query<{ photo_id: string; phash: string | null; changed: string }>(`select photo_id, phash::text as phash, changed::text as changed from ${t} where changed > $1 order by changed limit 50000`, [index.mark.toString()]);
      for (const r of rows) {
        index.set(r.photo_id, r.phash === null ? null : BigInt.asUintN(64, BigInt(r.phash)));
        index.mark = BigInt(r.changed);
      }
      if (rows.length < 50000) return;
    }
  }

  async function search(q: SearchQuery): Promise<SearchPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    if (q.text?.trim()) {
      const v = p(fold(q.text.trim()));
      where.push(`tsv @@ (websearch_to_tsquery('english', ${v}) || websearch_to_tsquery('russian', ${v}))`);
    }
    if (q.credit?.trim()) where.push(`credit_lc like ${p(`%${likeEscape(fold(q.credit.trim()))}%`)}`);
    if (q.creator?.trim()) where.push(`creator_lc like ${p(`%${likeEscape(fold(q.creator.trim()))}%`)}`);
    if (q.from) where.push(`published_at >= ${p(dateOf('from', q.from))}`);
    if (q.to) where.push(`published_at <= ${p(dateOf('to', q.to, true))}`);
    if (q.status) {
      if (q.status !== 'published' && q.status !== 'withdrawn') throw invalid(`status must be published or withdrawn, not "${String(q.status).slice(0, 40)}"`);
      where.push(`status = ${p(q.status)}`);
    }
    if (q.verdict) {
      if (!VERDICTS.has(q.verdict)) throw invalid(`verdict must be pass, warn or fail, not "${String(q.verdict).slice(0, 40)}"`);
      where.push(`verdict = ${p(q.verdict)}`);
    }
    if (q.rule) where.push(`rules @> array[${p(q.rule)}]::text[]`);
    if (q.digitalSourceType) where.push(`source_type_lc like ${p(`%${likeEscape(fold(q.digitalSourceType))}`)}`);
    if (q.cursor) {
      const [at, id] = cursorOf(q.cursor);
      where.push(`(published_at, photo_id) < (${p(at)}::timestamptz, ${p(id)})`);
    }
    const limit = Math.min(Math.max(1, Math.floor(q.limit ?? 50)), 1000);
    const { rows } = await client.query<{ doc: CatalogueEntry | string }>(
      `select doc from ${t}${where.length ? ` where ${where.join(' and ')}` : ''} order by published_at desc, photo_id desc limit ${limit + 1}`,
      params,
    );
    const results = rows.slice(0, limit).map((r) => docOf(r.doc));
    const last = results[results.length - 1];
    return { results, next: rows.length > limit && last ? Buffer.from(JSON.stringify([last.publishedAt, last.photoId])).toString('base64url') : null };
  }

  return {
    name: options.name,
    kind: options.kind ?? 'shared',
    async put(e) {
      await client.query(upsertSql, paramsOf(e));
    },
    async putMany(entries) {
      await client.transaction(async (tx) => {
        for (const e of entries) await tx.query(upsertSql, paramsOf(e));
      });
    },
    async get(photoId) {
      const { rows } = await client.query<{ doc: CatalogueEntry | string }>(`select doc from ${t} where photo_id = $1`, [photoId]);
      return rows[0] ? docOf(rows[0].doc) : null;
    },
    search,
    async nearest(phash, { maxDistance, limit = 5, exclude }) {
      if (!/^[0-9a-f]{16}$/.test(phash)) throw invalid(`"${phash.slice(0, 40)}" is not a perceptual hash (16 hex digits)`);
      await refresh();
      const found = index.within(BigInt(`0x${phash}`), maxDistance).filter((m) => m.photoId !== exclude);
      found.sort((a, b) => a.distance - b.distance || (a.photoId < b.photoId ? -1 : 1));
      const top = found.slice(0, limit);
      if (top.length === 0) return [];
      const { rows } = await client.query<{ photo_id: string; doc: CatalogueEntry | string }>(`select photo_id, doc from ${t} where photo_id = any($1)`, [top.map((m) => m.photoId)]);
      const docs = new Map(rows.map((r) => [r.photo_id, docOf(r.doc)]));
      return top.flatMap((m) => (docs.has(m.photoId) ? [{ ...m, entry: docs.get(m.photoId)! }] : []));
    },
    async count() {
      const { rows } = await client.query<{ n: string | number }>(`select count(*) as n from ${t}`);
      return Number(rows[0]?.n ?? 0);
    },
    async clear() {
      await client.query(`delete from ${t}`);
      index.reset();
    },
    close: () => client.close(),
  };
}

/**
 * Every photo's 64-bit hash in two Uint32Arrays, scanned whole for each lookup: a million hashes take a few
 * milliseconds, where multi-index schemes only pay off for small distances.
 */
class NearIndex {
  mark = 0n;
  private ids: string[] = [];
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private present = new Uint8Array(1024);
  private at = new Map<string, number>();

  set(id: string, hash: bigint | null): void {
    let i = this.at.get(id);
    if (i === undefined) {
      i = this.ids.length;
      if (i === this.hi.length) this.grow();
      this.ids.push(id);
      this.at.set(id, i);
    }
    this.present[i] = hash === null ? 0 : 1;
    if (hash !== null) {
      this.hi[i] = Number(hash >> 32n);
      this.lo[i] = Number(hash & 0xffffffffn);
    }
  }

  within(hash: bigint, maxDistance: number): { photoId: string; distance: number }[] {
    const h = Number(hash >> 32n) >>> 0;
    const l = Number(hash & 0xffffffffn) >>> 0;
    const out: { photoId: string; distance: number }[] = [];
    const { hi, lo, present } = this;
    for (let i = 0, n = this.ids.length; i < n; i++) {
      if (!present[i]) continue;
      const d = popcount32((hi[i]! ^ h) >>> 0) + popcount32((lo[i]! ^ l) >>> 0);
      if (d <= maxDistance) out.push({ photoId: this.ids[i]!, distance: d });
    }
    return out;
  }

  reset(): void {
    this.mark = 0n;
    this.ids = [];
    this.at.clear();
    this.present.fill(0);
  }

  private grow(): void {
    const size = this.hi.length * 2;
    for (const k of ['hi', 'lo'] as const) {
      const next = new Uint32Array(size);
      next.set(this[k]);
      this[k] = next;
    }
    const p = new Uint8Array(size);
    p.set(this.present);
    this.present = p;
  }
}

function docOf(doc: CatalogueEntry | string): CatalogueEntry {
  return typeof doc === 'string' ? (JSON.parse(doc) as CatalogueEntry) : doc;
}

/** Case-folded, Unicode-normalised text (JavaScript's folding, whatever the database's locale). */
function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function invalid(message: string): PhotodeskError {
  return new PhotodeskError('INVALID_QUERY', message);
}

/** An ISO date or time; a bare date as `to` means the end of that day. */
function dateOf(field: string, v: string, endOfDay = false): string {
  const s = v.trim();
  const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`) : new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(d.getTime())) throw invalid(`${field} must be a date (2026-11-27) or an ISO time, not "${s.slice(0, 40)}"`);
  return d.toISOString();
}

function cursorOf(c: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // reported below
  }
  throw invalid('the cursor is not one this catalogue gave (pass the "next" of the previous page)');
}
