// The catalogue at scale, on the embedded engine (PGlite) and on PostgreSQL (a throwaway cluster started here):
// insert rate and search latency (p50/p95) at 100k generated photos, and near-duplicate lookup latency at 100k
// and 1M hashes, against the plain SQL way of finding near hashes (a bit_count scan) in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgres } from '../test/helpers/postgres-server.js';
import { writeResult } from './lib.js';

const N = Number(process.env.COUNT ?? 100_000);
const BIG = Number(process.env.BIG ?? 1_000_000);
const WORDS_EN = ['minister', 'summit', 'election', 'protest', 'harbour', 'ships', 'flood', 'storm', 'football', 'final', 'parliament', 'vote', 'troops', 'exercise', 'fire', 'rescue', 'market', 'bank', 'visit', 'talks'];
const WORDS_RU = ['министр', 'саммит', 'выборы', 'учения', 'войска', 'наводнение', 'парламент', 'переговоры', 'визит', 'спасатели', 'пожар', 'рынок'];
const CREDITS = ['Reuters', 'AFP', 'AP', 'Sputnik', 'Минобороны России', 'Getty Images', 'EPA', 'Xinhua'];
const CREATORS = ['Jane Doe', 'Ivan Petrov', 'Вадим Савицкий', 'Maria Garcia', 'Staff', 'Chen Wei'];
const RULES = ['credit-format', 'caption-length', 'ai-generated', 'near-duplicate', 'metadata-conflict'];

/** A deterministic pseudo-random generator (the same records on every run). */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

function entries(n) {
  const r = rng(42);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const out = [];
  for (let i = 0; i < n; i++) {
    const ru = r() < 0.3;
    const words = Array.from({ length: 8 + Math.floor(r() * 10) }, () => pick(ru ? WORDS_RU : WORDS_EN));
    const id = (i.toString(16) + 'a'.repeat(64)).slice(0, 64);
    const hash = Array.from({ length: 16 }, () => Math.floor(r() * 16).toString(16)).join('');
    out.push({
      photoId: id.replace(/^(.{8})/, (m) => m), editionId: id.slice(0, 16), status: r() < 0.02 ? 'withdrawn' : 'published', name: `photo-${i}.jpg`,
      credit: pick(CREDITS), creditLine: null, creator: [pick(CREATORS)], dateCreated: null,
      publishedAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(r() * 330 * 86400_000)).toISOString(),
      caption: words.join(' '), headline: null, keywords: [], verdict: r() < 0.7 ? 'pass' : 'warn', rules: r() < 0.3 ? [pick(RULES)] : [],
      digitalSourceType: null, width: 1920, height: 1280, phash: hash, manifestUrl: null, pointerUrl: 'x', thumbnailUrl: null,
    });
  }
  return out;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 10) / 10;
};

async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export async function run() {
  const { openCatalogue } = await import('../dist/pipeline/catalogue/index.js');
  const data = entries(N);
  const queries = [
    { text: 'minister visit' }, { text: 'учения' }, { credit: 'reuters' }, { creator: 'савицкий' }, { rule: 'ai-generated' },
    { from: '2026-06-01', to: '2026-06-07' }, { text: 'storm', credit: 'AFP' }, { verdict: 'warn', text: 'выборы' }, { status: 'withdrawn' },
  ];
  const pg = await startPostgres();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'photodesk-bench-catalogue-'));
  const rows = [];
  try {
    for (const [engine, url] of [['embedded (PGlite)', `pglite:${path.join(tmp, 'c')}`], ['PostgreSQL 15', pg.url]]) {
      const c = await openCatalogue(url, { table: 'bench' });
      await c.clear();
      const insertMs = await timed(async () => {
        for (let i = 0; i < data.length; i += 1000) await c.putMany(data.slice(i, i + 1000));
      });
      const searchMs = [];
      for (let round = 0; round < 20; round++) for (const q of queries) searchMs.push(await timed(() => c.search({ ...q, limit: 50 })));
      const coldMs = await timed(() => c.nearest(data[0].phash, { maxDistance: 12 }));
      const nearMs = [];
      for (let i = 0; i < 100; i++) nearMs.push(await timed(() => c.nearest(data[(i * 997) % N].phash, { maxDistance: 12 })));
      rows.push({ engine, photos: N, 'insert/s': Math.round(N / (insertMs / 1000)), 'search p50 ms': pct(searchMs, 0.5), 'search p95 ms': pct(searchMs, 0.95), 'near first ms (loads hashes)': Math.round(coldMs), 'near p50 ms': pct(nearMs, 0.5), 'near p95 ms': pct(nearMs, 0.95) });
      await c.close();
    }
    // 1M hashes on PostgreSQL: rows made by the server; lookups through the catalogue's index vs a SQL scan.
    const { default: pgClient } = await import('pg');
    const client = new pgClient.Client(pg.url);
    await client.connect();
    const c = await openCatalogue(pg.url, { table: 'big' });
    await c.clear();
    await client.query(`insert into big (photo_id, status, credit_lc, creator_lc, published_at, verdict, rules, source_type_lc, phash, tsv, doc, changed)
      select lpad(to_hex(i), 64, '0'), 'published', '', '', now(), 'pass', '{}', '', (random() * 9.2e18)::bigint * (case when random() < 0.5 then -1 else 1 end), ''::tsvector,
             jsonb_build_object('photoId', lpad(to_hex(i), 64, '0')), nextval('big_changes') from generate_series(1, ${BIG}) i`);
    const probe = (await client.query(`select lpad(to_hex((phash::bit(64))::bigint), 16, '0') as h from big limit 1`)).rows[0].h.replace('-', '').padStart(16, '0').slice(-16);
    const coldMs = await timed(() => c.nearest(probe, { maxDistance: 12 }));
    const nearMs = [];
    for (let i = 0; i < 50; i++) nearMs.push(await timed(() => c.nearest(probe, { maxDistance: 12 })));
    const scanMs = [];
    for (let i = 0; i < 5; i++) scanMs.push(await timed(() => client.query(`select photo_id from big where bit_count((phash # $1::bigint)::bit(64)) <= 12`, [BigInt.asIntN(64, BigInt(`0x${probe}`)).toString()])));
    rows.push({ engine: 'PostgreSQL 15', photos: BIG, 'near first ms (loads hashes)': Math.round(coldMs), 'near p50 ms': pct(nearMs, 0.5), 'near p95 ms': pct(nearMs, 0.95), 'SQL bit_count scan p50 ms': pct(scanMs, 0.5) });
    await c.close();
    await client.end();
  } finally {
    await pg.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\ncatalogue: ${N.toLocaleString('en')} generated photos (insert, search of 9 kinds x 20, near-duplicate lookups at distance 12); ${BIG.toLocaleString('en')} hashes on PostgreSQL`);
  console.table(rows);
  const big = rows[rows.length - 1];
  console.log(`near lookup at ${BIG.toLocaleString('en')}: ${big['near p50 ms']} ms (index) vs ${big['SQL bit_count scan p50 ms']} ms (SQL scan): ${Math.round(big['SQL bit_count scan p50 ms'] / big['near p50 ms'])}x`);
  console.log('result:', writeResult('catalogue', { count: N, big: BIG, rows }));
}
