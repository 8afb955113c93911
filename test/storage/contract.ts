import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PhotodeskError } from '../../src/index.js';
import { publish, readManifest, renderKey, type PublishObject, type Storage } from '../../src/storage/index.js';

/** A storage under test, made fresh for each test. */
export type MakeStorage = () => Promise<Storage>;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const bytes = (n: number, seed: number) => {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 17) & 0xff;
  return b;
};

/** A photo's rendition set, as the renditions stage would hand it over. */
export function renditionSet(photo: number, widths = [320, 640, 960]): { id: string; objects: PublishObject[]; manifestKey: string } {
  const id = sha(Buffer.from(`photo-${photo}`));
  const date = new Date('2024-05-01T00:00:00Z');
  const objects = widths.map((w, i) => ({
    key: renderKey('{yyyy}/{mm}/{hash12}/{slug}-{width}.{ext}', { sha256: id, name: `Фото ${photo}.jpg`, width: w, ext: 'webp', date }),
    body: bytes(20_000 + w * 10 + photo, photo * 10 + i),
    contentType: 'image/webp',
    metadata: { credit: 'Минобороны России', creator: 'Вадим Савицкий' },
    info: { width: w, format: 'webp' },
  }));
  return { id, objects, manifestKey: renderKey('{yyyy}/{mm}/{hash12}/manifest.json', { sha256: id, date }) };
}

/** The behaviour every Storage implementation must have; run against the local folder and against S3. */
export function storageContract(name: string, make: MakeStorage): void {
  describe(`${name}: the Storage contract`, () => {
    it('stores bytes with their content type, cache control and hash, and reads them back', async () => {
      const s = await make();
      const body = bytes(12_345, 1);
      const r = await s.put('a/b/photo-640.webp', body, { contentType: 'image/webp' });
      expect(r).toMatchObject({ key: 'a/b/photo-640.webp', status: 'created', size: 12_345, sha256: sha(body) });
      const info = await s.head('a/b/photo-640.webp');
      expect(info).toMatchObject({ key: 'a/b/photo-640.webp', size: 12_345, contentType: 'image/webp', cacheControl: 'public, max-age=31536000, immutable', sha256: sha(body) });
      expect((await s.get('a/b/photo-640.webp')).equals(body)).toBe(true);
      expect(await s.head('a/b/missing.webp')).toBeNull();
      await expect(s.get('a/b/missing.webp')).rejects.toMatchObject({ code: 'STORAGE_NOT_FOUND' });
      await s.put('manifest.json', Buffer.from('{}'), { contentType: 'application/json', cacheControl: 'no-cache' });
      expect((await s.head('manifest.json'))!.cacheControl).toBe('no-cache');
    });

    it('keeps non-ASCII metadata (a Cyrillic credit) through the round trip', async () => {
      const s = await make();
      const metadata = { credit: 'Минобороны России', creator: 'Вадим Савицкий', caption: 'Шойгу в Минске — «визит»', source: 'plain ascii', tricky: '=?UTF-8?B?not-encoded?=' };
      await s.put('meta.jpg', bytes(100, 2), { contentType: 'image/jpeg', metadata });
      expect((await s.head('meta.jpg'))!.metadata).toEqual(metadata);
    });

    it('skips a put of the bytes a key already holds, and refuses other bytes with STORAGE_CONFLICT', async () => {
      const s = await make();
      const body = bytes(5000, 3);
      expect((await s.put('x.jpg', body, { contentType: 'image/jpeg' })).status).toBe('created');
      expect((await s.put('x.jpg', Buffer.from(body), { contentType: 'image/jpeg' })).status).toBe('skipped');
      const err = await s.put('x.jpg', bytes(5000, 4), { contentType: 'image/jpeg' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PhotodeskError);
      expect(err).toMatchObject({ code: 'STORAGE_CONFLICT' });
      expect((err as PhotodeskError).message).toContain('x.jpg');
      expect((await s.get('x.jpg')).equals(body)).toBe(true); // nothing already stored is lost
    });

    it('keeps hostile names inside the storage: "..", absolute paths, 2,000 characters, Cyrillic', async () => {
      const s = await make();
      const id = 'f'.repeat(64);
      const keys = ['../../etc/passwd.jpg', '/etc/passwd.jpg', `${'a'.repeat(2000)}.jpg`, 'Министр обороны — визит.jpg', 'ctrl\u0000\u001b[31m.jpg'].map((name) =>
        renderKey('{yyyy}/{mm}/{hash12}/{slug}-{width}.{ext}', { sha256: id, name, width: 640, ext: 'jpg', date: new Date('2024-05-01T00:00:00Z') }),
      );
      expect(keys[0]).toBe('2024/05/ffffffffffff/passwd-640.jpg');
      expect(keys[1]).toBe('2024/05/ffffffffffff/passwd-640.jpg');
      expect(keys[3]).toBe('2024/05/ffffffffffff/ministr-oborony-vizit-640.jpg');
      expect(Buffer.byteLength(keys[2]!)).toBeLessThanOrEqual(1024);
      for (const [i, k] of keys.entries()) await s.put(k, bytes(10, i), { contentType: 'image/jpeg' }).catch((e: PhotodeskError) => expect(e.code).toBe('STORAGE_CONFLICT'));
      // Raw keys are sanitized too: they cannot climb out.
      await s.put('../../../outside.jpg', bytes(10, 9), { contentType: 'image/jpeg' });
      const listed = [];
      for await (const o of s.list()) listed.push(o.key);
      expect(listed).toContain('outside.jpg');
      expect(listed.every((k) => !k.includes('..') && !k.startsWith('/'))).toBe(true);
    });

    it('lists keys under a prefix in order, and deletes', async () => {
      const s = await make();
      for (const k of ['p/2.jpg', 'p/1.jpg', 'q/3.jpg']) await s.put(k, bytes(10, k.length), { contentType: 'image/jpeg' });
      const under: string[] = [];
      for await (const o of s.list('p/')) under.push(o.key);
      expect(under).toEqual(['p/1.jpg', 'p/2.jpg']);
      await s.delete('p/1.jpg');
      await s.delete('p/never-existed.jpg');
      expect(await s.head('p/1.jpg')).toBeNull();
      expect(s.url('p/2.jpg')).toMatch(/p\/2\.jpg$/);
    });

    it('publishes a set with its manifest last; a re-run writes nothing', async () => {
      const s = await make();
      const set = renditionSet(1);
      const first = await publish(s, set.id, set.objects, { manifestKey: set.manifestKey, manifest: { creditLine: '© Photo Russian Defence Ministry / Go to the mediabank' } });
      expect(first).toMatchObject({ status: 'published', created: 4, skipped: 0 });
      const m = await readManifest(s, set.manifestKey);
      expect(m!.renditions.map((o) => [o.key, o.size, o.sha256, o.width])).toEqual(set.objects.map((o) => [o.key, o.body.length, sha(o.body), o.info!.width]).sort());
      expect(m!.creditLine).toBe('© Photo Russian Defence Ministry / Go to the mediabank');
      for (const o of m!.renditions) expect(sha(await s.get(o.key))).toBe(o.sha256);
      const again = await publish(s, set.id, set.objects, { manifestKey: set.manifestKey });
      expect(again).toMatchObject({ status: 'already-published', created: 0 });
      // Re-rendered to other bytes under the same keys (another encoder version): the published set stands...
      const other = set.objects.map((o, i) => ({ ...o, body: bytes(o.body.length, 90 + i) }));
      expect(await publish(s, set.id, other, { manifestKey: set.manifestKey })).toMatchObject({ status: 'already-published', created: 0 });
      expect(sha(await s.get(set.objects[0]!.key))).toBe(sha(set.objects[0]!.body));
      // ...and where no complete set stands, other bytes under a key are a conflict.
      await s.delete(set.manifestKey);
      await expect(publish(s, set.id, other, { manifestKey: set.manifestKey })).rejects.toMatchObject({ code: 'STORAGE_CONFLICT' });
      expect(await s.head(set.manifestKey)).toBeNull();
    });

    it('leaves no manifest when a publish fails, and a re-run reuses what was stored and completes', async () => {
      const s = await make();
      const set = renditionSet(2);
      let puts = 0;
      const failing: Storage = { ...s, put: (k, b, o) => (++puts === 3 ? Promise.reject(new PhotodeskError('STORAGE_UNAVAILABLE', 'injected')) : s.put(k, b, o)) };
      await expect(publish(failing, set.id, set.objects, { manifestKey: set.manifestKey, concurrency: 1 })).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
      expect(await s.head(set.manifestKey)).toBeNull();
      const done = await publish(s, set.id, set.objects, { manifestKey: set.manifestKey });
      expect(done).toMatchObject({ status: 'published', created: 2, skipped: 2 }); // one object and the manifest were missing
      expect(await readManifest(s, set.manifestKey)).not.toBeNull();
    });

    it('stops on an aborted signal', async () => {
      const s = await make();
      const ac = new AbortController();
      ac.abort();
      await expect(s.put('aborted.jpg', bytes(10, 1), { contentType: 'image/jpeg', signal: ac.signal })).rejects.toBeDefined();
      expect(await s.head('aborted.jpg')).toBeNull();
      const set = renditionSet(3);
      await expect(publish(s, set.id, set.objects, { manifestKey: set.manifestKey, signal: ac.signal })).rejects.toBeDefined();
      expect(await s.head(set.manifestKey)).toBeNull();
    });

    it('swaps a mutable object only from the version read: of two writers who read the same version, one wins', async () => {
      const s = await make();
      expect(await s.read('2024/05/abc/current.json')).toBeNull();
      const first = await s.swap('2024/05/abc/current.json', Buffer.from('{"edition":"a"}'), { contentType: 'application/json', expected: null });
      // Creating again from "nothing" is a conflict: somebody created it.
      await expect(s.swap('2024/05/abc/current.json', Buffer.from('{"edition":"x"}'), { contentType: 'application/json', expected: null })).rejects.toMatchObject({ code: 'STORAGE_CONFLICT' });
      const seen = (await s.read('2024/05/abc/current.json'))!;
      expect(seen.body.toString()).toBe('{"edition":"a"}');
      expect(seen.version).toBe(first.version);
      const outcomes = await Promise.allSettled(['b', 'c'].map((e) => s.swap('2024/05/abc/current.json', Buffer.from(`{"edition":"${e}"}`), { contentType: 'application/json', expected: seen.version })));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ code: 'STORAGE_CONFLICT' });
      const now = (await s.read('2024/05/abc/current.json'))!;
      expect(['{"edition":"b"}', '{"edition":"c"}']).toContain(now.body.toString());
      expect(now.version).toBe((outcomes.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<{ version: string }>).value.version);
      const info = (await s.head('2024/05/abc/current.json'))!;
      expect(info).toMatchObject({ contentType: 'application/json', cacheControl: 'no-cache', size: now.body.length, sha256: sha(now.body) });
      // A stale version is refused, and nothing is lost.
      await expect(s.swap('2024/05/abc/current.json', Buffer.from('{"edition":"d"}'), { contentType: 'application/json', expected: seen.version })).rejects.toMatchObject({ code: 'STORAGE_CONFLICT' });
      expect((await s.read('2024/05/abc/current.json'))!.body.equals(now.body)).toBe(true);
    });
  });
}
