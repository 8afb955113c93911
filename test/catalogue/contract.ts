/**
 * The catalogue's contract: every engine (embedded PGlite, PostgreSQL) must pass the same suite, as every
 * storage backend passes storage's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue, CatalogueEntry } from '../../src/pipeline/catalogue/index.js';

/** An entry with plausible defaults; `n` makes the id and the time unique and ordered. */
export function entry(n: number, over: Partial<CatalogueEntry> = {}): CatalogueEntry {
  const id = n.toString(16).padStart(64, '0');
  return {
    photoId: id,
    editionId: `e${n.toString(16).padStart(15, '0')}`,
    status: 'published',
    name: `photo-${n}.jpg`,
    credit: 'Reuters',
    creditLine: '© Photo Reuters',
    creator: ['Jane Doe'],
    dateCreated: '2026-11-01T10:00:00Z',
    publishedAt: new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString(),
    caption: `Photo number ${n} of the day.`,
    headline: null,
    keywords: [],
    verdict: 'pass',
    rules: [],
    digitalSourceType: null,
    width: 1920,
    height: 1280,
    phash: null,
    manifestUrl: `https://cdn.example.org/${id.slice(0, 12)}/edition.json`,
    pointerUrl: `https://cdn.example.org/${id.slice(0, 12)}/current.json`,
    thumbnailUrl: `https://cdn.example.org/${id.slice(0, 12)}/320.jpg`,
    ...over,
  };
}

/** Flips the first `bits` bits of a 16-hex-digit hash. */
export function flip(hash: string, bits: number): string {
  let v = BigInt(`0x${hash}`);
  for (let i = 0; i < bits; i++) v ^= 1n << BigInt(63 - i);
  return v.toString(16).padStart(16, '0');
}

export function catalogueContract(name: string, open: () => Promise<Catalogue>): void {
  describe(`catalogue contract: ${name}`, () => {
    let c: Catalogue;
    beforeAll(async () => {
      c = await open();
      await c.clear();
      await c.putMany([
        entry(1, { caption: 'Container ships wait outside the harbour of Durban', keywords: ['port', 'shipping'], credit: 'Reuters' }),
        entry(2, { caption: 'Военнослужащие во время учений на полигоне в Ленинградской области', credit: 'Минобороны России', creditLine: '© Photo Russian Defence Ministry / Go to the mediabank', creator: ['Вадим Савицкий'], rules: ['credit-format'], verdict: 'warn' }),
        entry(3, { caption: 'A generated picture of a city', digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia', rules: ['ai-generated'], verdict: 'warn', credit: 'AFP', creditLine: '© Photo AFP' }),
        entry(4, { caption: 'Press conference in Moscow', headline: 'Пресс-конференция', credit: 'Sputnik', creditLine: '© Sputnik / Ivan Petrov', creator: ['Ivan Petrov'], status: 'withdrawn', editionId: null, manifestUrl: null }),
        ...[5, 6, 7, 8, 9, 10, 11].map((n) => entry(n, { caption: `Election night, polling station ${n}'s 100% count` })),
      ]);
    });
    afterAll(async () => c?.close());

    const ids = (r: { results: CatalogueEntry[] }) => r.results.map((e) => Number.parseInt(e.photoId, 16));

    it('keeps what is put, as it was put, and replaces an entry put again', async () => {
      expect(await c.get(entry(2).photoId)).toEqual(entry(2, { caption: 'Военнослужащие во время учений на полигоне в Ленинградской области', credit: 'Минобороны России', creditLine: '© Photo Russian Defence Ministry / Go to the mediabank', creator: ['Вадим Савицкий'], rules: ['credit-format'], verdict: 'warn' }));
      expect(await c.get('f'.repeat(64))).toBeNull();
      expect(await c.count()).toBe(11);
      await c.put(entry(11, { status: 'withdrawn', editionId: null }));
      expect((await c.get(entry(11).photoId))?.status).toBe('withdrawn');
      await c.put(entry(11, { caption: `Election night, polling station 11's 100% count` }));
      expect(await c.count()).toBe(11);
    });

    it('finds words with English and Russian stemming, in caption, headline and keywords', async () => {
      expect(ids(await c.search({ text: 'ship' }))).toEqual([1]);
      expect(ids(await c.search({ text: 'harbours' }))).toEqual([1]);
      expect(ids(await c.search({ text: 'shipping' }))).toEqual([1]); // a keyword
      expect(ids(await c.search({ text: 'учения' }))).toEqual([2]); // "учений" in the caption
      expect(ids(await c.search({ text: 'военнослужащих' }))).toEqual([2]);
      expect(ids(await c.search({ text: 'пресс-конференции' }))).toEqual([4]); // the headline
      expect(ids(await c.search({ text: 'ships Moscow' }))).toEqual([]); // every word must match
      expect(ids(await c.search({ text: `'; drop table x; --` }))).toEqual([]);
    });

    it('filters by credit, creator, status, verdict, rule, digital source type and dates', async () => {
      expect(ids(await c.search({ credit: 'REUTERS', limit: 100 })).sort((a, b) => a - b)).toEqual([1, 5, 6, 7, 8, 9, 10, 11]);
      expect(ids(await c.search({ credit: 'defence ministry' }))).toEqual([2]); // the credit line
      expect(ids(await c.search({ credit: '100%' }))).toEqual([]); // LIKE wildcards are literal
      expect(ids(await c.search({ creator: 'савицкий' }))).toEqual([2]);
      expect(ids(await c.search({ status: 'withdrawn' }))).toEqual([4]);
      expect(ids(await c.search({ verdict: 'warn' }))).toEqual([3, 2]);
      expect(ids(await c.search({ rule: 'ai-generated' }))).toEqual([3]);
      expect(ids(await c.search({ digitalSourceType: 'trainedAlgorithmicMedia' }))).toEqual([3]);
      expect(ids(await c.search({ from: entry(3).publishedAt, to: entry(5).publishedAt }))).toEqual([5, 4, 3]);
      expect(ids(await c.search({ to: '2026-10-31' }))).toEqual([]);
      expect(ids(await c.search({ from: '2026-11-01', to: '2026-11-01', credit: 'AFP' }))).toEqual([3]);
    });

    it('pages newest first with a cursor, without gaps or repeats', async () => {
      const seen: number[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await c.search({ limit: 4, ...(cursor ? { cursor } : {}) });
        seen.push(...ids(page));
        cursor = page.next ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    });

    it('refuses bad queries with INVALID_QUERY', async () => {
      await expect(c.search({ from: 'yesterday' })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
      await expect(c.search({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
      await expect(c.search({ status: 'killed' as never })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
      await expect(c.nearest('xyz', { maxDistance: 4 })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
    });

    it('finds near hashes within the distance, closest first, and sees hashes put later', async () => {
      const h = '9f3a5c7e11d2b084';
      await c.putMany([entry(20, { phash: h }), entry(21, { phash: flip(h, 3) }), entry(22, { phash: flip(h, 10) }), entry(23, { phash: flip(h, 20) })]);
      const near = await c.nearest(h, { maxDistance: 10 });
      expect(near.map((m) => [Number.parseInt(m.photoId, 16), m.distance])).toEqual([[20, 0], [21, 3], [22, 10]]);
      expect(near[1]!.entry.creditLine).toBe('© Photo Reuters');
      expect((await c.nearest(h, { maxDistance: 10, exclude: entry(20).photoId })).map((m) => m.distance)).toEqual([3, 10]);
      await c.put(entry(24, { phash: flip(h, 1) }));
      await c.put(entry(23, { phash: flip(h, 2) })); // moved closer
      expect((await c.nearest(h, { maxDistance: 4 })).map((m) => [Number.parseInt(m.photoId, 16), m.distance])).toEqual([[20, 0], [24, 1], [23, 2], [21, 3]]);
      expect((await c.nearest(h, { maxDistance: 64, limit: 2 })).length).toBe(2);
    });

    it('keeps entries across a reopen, and clear empties it', async () => {
      await c.close();
      c = await open();
      expect(await c.count()).toBe(16);
      expect((await c.nearest('9f3a5c7e11d2b084', { maxDistance: 0 })).length).toBe(1);
      await c.clear();
      expect(await c.count()).toBe(0);
      expect(await c.nearest('9f3a5c7e11d2b084', { maxDistance: 64 })).toEqual([]);
    });
  });
}
