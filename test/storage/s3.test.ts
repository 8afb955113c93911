import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createS3Storage, deskFromConfig, PhotodeskError, publish, readManifest, resolvePolicy, type Storage } from '../../src/index.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { clientConfig, freshBucket, s3Target, type S3Target } from '../helpers/s3.js';
import { renditionSet, storageContract } from './contract.js';

/*
 * Against a real S3-protocol server: moto's, started by the suite (test/setup/s3-server.ts), or S3_ENDPOINT.
 * Every test has its own bucket: files run at the same time on the one server, so none may reset it.
 */
let target: S3Target;
beforeAll(() => {
  target = s3Target(); // fails, with how to get a server, when there is none
});

const sha = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

storageContract('S3', async () => {
  const bucket = await freshBucket(target);
  return createS3Storage({ bucket, prefix: 'photos', clientConfig: clientConfig(target), publicBaseUrl: 'https://cdn.example.org' });
});

storageContract('S3 with conditional writes', async () => {
  const bucket = await freshBucket(target);
  return createS3Storage({ bucket, prefix: 'photos', clientConfig: clientConfig(target), conditionalWrites: true });
});

describe('S3 storage', () => {
  it('uploads a 30 MB object in parts, byte for byte', async () => {
    const bucket = await freshBucket(target);
    const s = createS3Storage({ bucket, clientConfig: clientConfig(target), multipartThreshold: 8 * 1024 * 1024, partSize: 5 * 1024 * 1024 });
    const body = Buffer.alloc(30 * 1024 * 1024);
    for (let i = 0; i < body.length; i += 4) body.writeUInt32LE((i * 2654435761) >>> 0, i);
    const r = await s.put('big/scan.tif', body, { contentType: 'image/tiff', metadata: { credit: 'Минобороны России' } });
    expect(r.status).toBe('created');
    const info = await s.head('big/scan.tif');
    expect(info).toMatchObject({ size: body.length, sha256: sha(body), contentType: 'image/tiff', metadata: { credit: 'Минобороны России' } });
    expect(sha(await s.get('big/scan.tif'))).toBe(sha(body));
    expect((await s.put('big/scan.tif', body, { contentType: 'image/tiff' })).status).toBe('skipped');
  });

  it('lists past 1,000 keys (pagination)', async () => {
    const bucket = await freshBucket(target);
    const s = createS3Storage({ bucket, prefix: 'many', clientConfig: clientConfig(target) });
    const keys = Array.from({ length: 1050 }, (_, i) => `k/${String(i).padStart(4, '0')}.txt`);
    for (let i = 0; i < keys.length; i += 25) await Promise.all(keys.slice(i, i + 25).map((k) => s.put(k, Buffer.from(k), { contentType: 'text/plain' })));
    const seen: string[] = [];
    for await (const o of s.list('k/')) seen.push(o.key);
    expect(seen).toEqual(keys);
  });

  it('recognises identical bytes stored by another tool (no photodesk hash) as a skip', async () => {
    const bucket = await freshBucket(target);
    const client = new S3Client(clientConfig(target));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'legacy.jpg', Body: Buffer.from('legacy bytes'), ContentType: 'image/jpeg' }));
    const s = createS3Storage({ bucket, client });
    expect((await s.put('legacy.jpg', Buffer.from('legacy bytes'), { contentType: 'image/jpeg' })).status).toBe('skipped');
    await expect(s.put('legacy.jpg', Buffer.from('other bytes!'), { contentType: 'image/jpeg' })).rejects.toMatchObject({ code: 'STORAGE_CONFLICT' });
  });

  it('works with the SDK checksums set to WHEN_REQUIRED, as some S3-compatible servers need', async () => {
    const bucket = await freshBucket(target);
    const s = createS3Storage({ bucket, clientConfig: clientConfig(target), requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    await s.put('c.jpg', Buffer.from('checksums'), { contentType: 'image/jpeg' });
    expect((await s.get('c.jpg')).toString()).toBe('checksums');
  });

  it('never puts credentials in its errors', async () => {
    const secret = 'SUPERSECRETsecretKEY0123456789abcdefghij';
    const s = createS3Storage({ bucket: 'no-such-bucket-here', clientConfig: { ...clientConfig(target), credentials: { accessKeyId: 'AKIAEXAMPLEKEY', secretAccessKey: secret } }, maxAttempts: 1 });
    const err = (await s.put('x.jpg', Buffer.from('x'), { contentType: 'image/jpeg' }).catch((e: unknown) => e)) as PhotodeskError;
    expect(err).toBeInstanceOf(PhotodeskError);
    expect(err.code).toMatch(/^STORAGE_/);
    expect(err.message).toContain('x.jpg');
    const everything = [String(err), err.message, JSON.stringify(err), String(err.cause), err.stack, (err.cause as Error)?.stack].join('\n');
    expect(everything).not.toContain(secret);
  });
});

describe('S3 conditional writes, found out once per storage', () => {
  const objectPuts = (seen: { method: string; url: string }[]) => seen.filter((r) => r.method === 'PUT' && !r.url.includes('.photodesk-probe'));
  const heads = (seen: { method: string; url: string }[]) => seen.filter((r) => r.method === 'HEAD');

  it('a store that honours If-None-Match: one probe, then one request per object; an existing key is still a skip or a conflict', async () => {
    const bucket = await freshBucket(target);
    const proxy = await startFaultProxy(target.endpoint);
    try {
      const s = createS3Storage({ bucket, prefix: 'site', clientConfig: clientConfig(target, proxy.endpoint) });
      const bodies = [1, 2, 3, 4, 5].map((i) => Buffer.alloc(2000 + i, i));
      await Promise.all(bodies.map((b, i) => s.put(`set/${i}.webp`, b, { contentType: 'image/webp' })));
      const probes = proxy.seen.filter((r) => r.url.includes('.photodesk-probe'));
      expect(probes.map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 200', 'PUT 412', 'DELETE 204']);
      expect(objectPuts(proxy.seen)).toHaveLength(5);
      expect(heads(proxy.seen)).toHaveLength(0);
      expect(await s.put('set/0.webp', bodies[0]!, { contentType: 'image/webp' })).toMatchObject({ status: 'skipped' });
      await expect(s.put('set/0.webp', bodies[1]!, { contentType: 'image/webp' })).rejects.toMatchObject({ code: 'STORAGE_CONFLICT' });
      expect(proxy.seen.filter((r) => r.url.includes('.photodesk-probe'))).toHaveLength(3); // once per storage
      expect(await s.list('.photodesk-probe/')[Symbol.asyncIterator]().next()).toMatchObject({ done: true });
    } finally {
      await proxy.close();
    }
  });

  it('publishes a new set with one request per object and the manifest, none to look for it; a re-run sends only the smallest object before finding the set complete', async () => {
    const bucket = await freshBucket(target);
    const proxy = await startFaultProxy(target.endpoint);
    try {
      const s = createS3Storage({ bucket, clientConfig: clientConfig(target, proxy.endpoint) });
      const set = renditionSet(7);
      const requests = (from: number) => proxy.seen.slice(from).filter((r) => !r.url.includes('.photodesk-probe'));
      const said = (from: number) => requests(from).map((r) => `${r.method} ${r.status}`);
      expect(await publish(s, set.id, set.objects, { manifestKey: set.manifestKey })).toMatchObject({ status: 'published', created: 4 });
      expect(said(0)).toEqual(['PUT 200', 'PUT 200', 'PUT 200', 'PUT 200']); // three objects, then the manifest
      expect(requests(0).at(-1)!.url).toContain(set.manifestKey);
      const before = proxy.seen.length;
      expect(await publish(s, set.id, set.objects, { manifestKey: set.manifestKey })).toMatchObject({ status: 'already-published', created: 0 });
      const again = requests(before);
      expect(again.filter((r) => r.method === 'PUT').map((r) => `${r.status} ${r.url}`)).toEqual([expect.stringMatching(new RegExp(`^412 .*${set.objects[0]!.key}[?]`))]); // the smallest
      expect(said(before)).toContain('GET 200'); // then the manifest, whose objects are checked
      expect(again.every((r) => r.bodySha256 !== sha(set.objects[1]!.body) && r.bodySha256 !== sha(set.objects[2]!.body))).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it("a put is confirmed by the store's CRC32 of the body or, from a store that sends none, by its ETag; confirmed by neither, each object is read back with a HEAD", async () => {
    const cases: [string[], number][] = [
      [[], 0],
      [['x-amz-checksum-crc32'], 0],
      [['x-amz-checksum-crc32', 'etag'], 3],
    ];
    for (const [stripped, wantHeads] of cases) {
      const bucket = await freshBucket(target);
      const proxy = await startFaultProxy(target.endpoint, { stripResponseHeaders: stripped });
      const label = `without ${stripped.join(', ') || 'nothing'}`;
      try {
        const s = createS3Storage({ bucket, clientConfig: clientConfig(target, proxy.endpoint) });
        const set = renditionSet(9);
        expect(await publish(s, set.id, set.objects, { manifestKey: set.manifestKey }), label).toMatchObject({ status: 'published', created: 4 });
        expect(heads(proxy.seen), label).toHaveLength(wantHeads);
      } finally {
        await proxy.close();
      }
    }
  });

  it('a store that ignores If-None-Match (here a proxy drops the header): the probe says so, every put checks first, nothing is replaced', async () => {
    const bucket = await freshBucket(target);
    const proxy = await startFaultProxy(target.endpoint, { stripRequestHeaders: ['if-none-match'] });
    try {
      const s = createS3Storage({ bucket, clientConfig: clientConfig(target, proxy.endpoint) });
      const a = Buffer.alloc(3000, 1);
      expect(await s.put('x/a.jpg', a, { contentType: 'image/jpeg' })).toMatchObject({ status: 'created' });
      expect(proxy.seen.filter((r) => r.url.includes('.photodesk-probe')).map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 200', 'PUT 200', 'DELETE 204']);
      expect(heads(proxy.seen)).toHaveLength(1); // the check before the put
      await expect(s.put('x/a.jpg', Buffer.alloc(3000, 2), { contentType: 'image/jpeg' })).rejects.toMatchObject({ code: 'STORAGE_CONFLICT' });
      expect(sha(await s.get('x/a.jpg'))).toBe(sha(a));
      // Told to trust the header anyway, the same store would have replaced it: what the probe prevents.
      const trusting = createS3Storage({ bucket, clientConfig: clientConfig(target, proxy.endpoint), conditionalWrites: true });
      await trusting.put('x/a.jpg', Buffer.alloc(3000, 2), { contentType: 'image/jpeg' }).catch(() => null);
      expect(sha(await s.get('x/a.jpg'))).not.toBe(sha(a));
    } finally {
      await proxy.close();
    }
  });
});

describe('S3 publishing through faults (a proxy on loopback)', () => {
  it("attempts per request: the config's storage.maxAttempts, else $AWS_MAX_ATTEMPTS (the SDK's own setting, which photodesk's retries replace), else 5; a malformed AWS_MAX_ATTEMPTS is an error", async () => {
    const bucket = await freshBucket(target);
    const proxy = await startFaultProxy(target.endpoint, { failEvery: 1 });
    const saved = { ...process.env };
    /** Requests one HEAD sent before giving up. */
    const tries = async (s: Storage) => {
      const from = proxy.seen.length;
      await expect(s.head('a.jpg')).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
      return proxy.seen.length - from;
    };
    const direct = () => createS3Storage({ bucket, clientConfig: clientConfig(target, proxy.endpoint) });
    try {
      delete process.env.AWS_MAX_ATTEMPTS;
      expect(await tries(direct())).toBe(5);
      process.env.AWS_MAX_ATTEMPTS = '2';
      expect(await tries(direct())).toBe(2);
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: target.accessKeyId, AWS_SECRET_ACCESS_KEY: target.secretAccessKey });
      const policy = resolvePolicy({ storage: { public: `s3://${bucket}/site`, private: mkdtempSync(path.join(tmpdir(), 'pd-attempts-')), endpoint: proxy.endpoint, maxAttempts: 3 } });
      const desk = await deskFromConfig(policy, { catalogue: false });
      expect(await tries(desk.storage)).toBe(3); // the config wins over the variable
      for (const bad of ['2x', '0', '-1', '1.5']) {
        process.env.AWS_MAX_ATTEMPTS = bad;
        expect(direct, bad).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining('AWS_MAX_ATTEMPTS') }));
      }
      expect(() => resolvePolicy({ storage: { maxAttempts: 0 } })).toThrow(/storage\.maxAttempts/);
    } finally {
      for (const k of ['AWS_MAX_ATTEMPTS', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      await proxy.close();
    }
  });

  it('publishes 50 rendition sets with every 3rd request failing and connections dropped; a re-run completes the rest and writes nothing twice', async () => {
    const bucket = await freshBucket(target);
    const sets = Array.from({ length: 50 }, (_, i) => renditionSet(100 + i));
    const doomed = new Set([sets[7]!.objects[1]!.key, sets[31]!.objects[0]!.key]); // these PUTs always fail
    const proxy = await startFaultProxy(target.endpoint, {
      failEvery: 3,
      dropEvery: 11,
      failWhen: (req) => req.method === 'PUT' && [...doomed].some((k) => decodeURIComponent(req.url ?? '').includes(k)),
    });
    try {
      // About 42% of requests fail: enough attempts that a request failing every one is a 1-in-10^5 event.
      const s: Storage = createS3Storage({ bucket, prefix: 'site', clientConfig: clientConfig(target, proxy.endpoint), maxAttempts: 14, retryDelays: { baseDelayMs: 10, throttlingDelayMs: 20, maxDelayMs: 500 } });
      const outcomes = await Promise.allSettled(sets.map((set) => publish(s, set.id, set.objects, { manifestKey: set.manifestKey, concurrency: 2 })));
      const failed = outcomes.map((o, i) => (o.status === 'rejected' ? i : -1)).filter((i) => i >= 0);
      const reasons = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [`${i}: ${(o.reason as Error).message}`] : []));
      expect(failed, reasons.join('\n')).toEqual([7, 31]);
      expect(proxy.seen.some((r) => r.status === 'injected-503')).toBe(true);
      expect(proxy.seen.some((r) => r.status === 'dropped')).toBe(true);

      // Check through a client that bypasses the proxy.
      const direct = createS3Storage({ bucket, prefix: 'site', clientConfig: clientConfig(target) });
      for (const [i, set] of sets.entries()) {
        const m = await readManifest(direct, set.manifestKey);
        if (failed.includes(i)) {
          expect(m, `set ${i} must have no manifest`).toBeNull();
          continue;
        }
        expect(m!.renditions).toHaveLength(set.objects.length);
        for (const o of set.objects) expect(sha(await direct.get(o.key))).toBe(sha(o.body));
      }

      // Re-run with a healthy network: only what is missing is written.
      proxy.set({});
      const before = proxy.seen.length;
      const storedBefore = new Set<string>();
      for await (const o of direct.list()) storedBefore.add(o.key);
      const rerun = await Promise.all(sets.map((set) => publish(s, set.id, set.objects, { manifestKey: set.manifestKey })));
      expect(rerun.filter((r) => r.status === 'published').length).toBe(2);
      // Writes the store accepted: a conditional put refused with 412 (the key holds the bytes) writes nothing.
      const puts = proxy.seen.slice(before).filter((r) => r.method === 'PUT' && r.status === 200);
      const putKeys = puts.map((r) => decodeURIComponent(new URL(r.url, 'http://x').pathname).replace(`/${bucket}/site/`, ''));
      expect(putKeys.every((k) => !storedBefore.has(k))).toBe(true); // nothing written twice
      expect(new Set(putKeys).size).toBe(putKeys.length);
      for (const set of sets) expect(await readManifest(direct, set.manifestKey)).not.toBeNull();
    } finally {
      await proxy.close();
    }
  }, 240_000);

  it('a failed CompleteMultipartUpload leaves no object and no manifest; the re-run publishes', async () => {
    const bucket = await freshBucket(target);
    const proxy = await startFaultProxy(target.endpoint, { failWhen: (req) => req.method === 'POST' && /[?&]uploadId=/.test(req.url ?? '') });
    try {
      const s = createS3Storage({ bucket, clientConfig: clientConfig(target, proxy.endpoint), multipartThreshold: 6 * 1024 * 1024, partSize: 5 * 1024 * 1024, maxAttempts: 2 });
      const big = Buffer.alloc(11 * 1024 * 1024, 3);
      const objects = [{ key: 'set/big.tif', body: big, contentType: 'image/tiff' }];
      await expect(publish(s, 'p', objects, { manifestKey: 'set/manifest.json' })).rejects.toBeInstanceOf(PhotodeskError);
      expect(await s.head('set/big.tif')).toBeNull();
      expect(await s.head('set/manifest.json')).toBeNull();
      proxy.set({});
      expect((await publish(s, 'p', objects, { manifestKey: 'set/manifest.json' })).status).toBe('published');
      expect(sha(await s.get('set/big.tif'))).toBe(sha(big));
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
