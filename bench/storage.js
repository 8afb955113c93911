// Publishing 510 objects of 50-300 KB to an S3-protocol server (moto, started here, or S3_ENDPOINT) through
// photodesk's publish() (check, put, verify, manifest per photo) vs a plain loop of PutObjectCommand at the
// same concurrency, and vs that loop plus one small put per set: the least any set with a manifest costs.
// Sets of 5 objects and of 15 (a photo's rendition set at defaults: 3 formats x 5 widths). Same process,
// a fresh bucket per case and round.
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { createS3Storage, publish } from '../dist/index.js';
import { startMoto } from '../test/helpers/moto-server.js';
import { median, writeResult } from './lib.js';

const OBJECTS = 510; // 102 sets of 5, or 34 of 15
const CONCURRENCY = 8;
const ROUNDS = 5;

export async function run() {
  const moto = process.env.S3_ENDPOINT ? null : await startMoto();
  const endpoint = process.env.S3_ENDPOINT ?? moto.endpoint;
  const config = { endpoint, region: process.env.AWS_REGION ?? 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'testing', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'testing' } };
  const client = new S3Client(config);
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const bodies = Array.from({ length: OBJECTS }, (_, i) => {
    const b = Buffer.alloc((50_000 + Math.floor(rnd() * 250_000)) & ~3);
    for (let j = 0; j < b.length; j += 4) b.writeUInt32LE((j * 2654435761 + i) >>> 0, j);
    return b;
  });
  const totalMB = bodies.reduce((n, b) => n + b.length, 0) / 1048576;
  const VARIANTS = [
    ['photodesk defaults (conditional writes found out by a probe), sets of 5', 'auto', true, 5],
    ['photodesk, conditionalWrites: false (a HEAD before each put), sets of 5', false, true, 5],
    ['photodesk defaults, journal knows the set is new, sets of 5', 'auto', false, 5],
    ['photodesk defaults, sets of 15 (the rendition set at defaults)', 'auto', true, 15],
  ];
  const MANIFEST_LIKE = Buffer.from(JSON.stringify({ renditions: Array.from({ length: 5 }, (_, i) => ({ key: `o/${i}.webp`, sha256: 'f'.repeat(64) })) }, null, 2));
  const ANCHORS = [
    ['plain PutObject loop', 0],
    ['plain loop + one small put per 5 objects (a manifest\'s floor)', 5],
  ];
  // Each case stores into a fresh bucket, which is emptied and deleted after it is timed: moto keeps every
  // object in memory and slows as it grows. Each round starts one case later, so drift spreads over all.
  const cases = [
    ...ANCHORS.map(([label, every]) => [label, async (round) => {
      const Bucket = await bucket(client, `plain-${every}-${round}`);
      const limit = pLimit(CONCURRENCY);
      await Promise.all(bodies.map((Body, i) => limit(async () => {
        await client.send(new PutObjectCommand({ Bucket, Key: `o/${i}.webp`, Body, ContentType: 'image/webp' }));
        if (every && i % every === every - 1) await client.send(new PutObjectCommand({ Bucket, Key: `o/${i}.json`, Body: MANIFEST_LIKE, ContentType: 'application/json' }));
      })));
      return Bucket;
    }]),
    ...VARIANTS.map(([label, conditionalWrites, checkPublished, perPhoto]) => [label, async (round) => {
      const Bucket = await bucket(client, `pd-${String(conditionalWrites)}-${checkPublished ? 'c' : 'n'}-${perPhoto}-${round}`);
      // A new storage per round, as a new run makes: the defaults pay their probe (3 requests) each time.
      const storage = createS3Storage({ bucket: Bucket, client, conditionalWrites });
      // The same total concurrency: sets in flight x objects per set.
      const limit = pLimit(CONCURRENCY / 2);
      const sets = Array.from({ length: OBJECTS / perPhoto }, (_, p) => p);
      await Promise.all(sets.map((p) => limit(() => publish(storage, `photo-${p}`, bodies.slice(p * perPhoto, (p + 1) * perPhoto).map((body, j) => ({ key: `o/${p}/${j}.webp`, body, contentType: 'image/webp' })), { manifestKey: `o/${p}/manifest.json`, concurrency: 2, checkPublished }))));
      return Bucket;
    }]),
  ];
  const times = Object.fromEntries(cases.map(([label]) => [label, []]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (let c = 0; c < cases.length; c++) {
        const [label, fn] = cases[(c + round) % cases.length];
        const t = performance.now();
        const Bucket = await fn(round);
        times[label].push(performance.now() - t);
        await removeBucket(client, Bucket);
      }
    }
  } finally {
    client.destroy();
    await moto?.stop();
  }
  const base = median(times['plain PutObject loop']);
  const rows = Object.entries(times).map(([how, t]) => ({ how, 'median ms': Math.round(median(t)), 'objects/s': Math.round(OBJECTS / (median(t) / 1000)), 'MB/s': +(totalMB / (median(t) / 1000)).toFixed(1), 'vs plain': +(median(t) / base).toFixed(2) }));
  console.log(`\n${OBJECTS} objects (${totalMB.toFixed(0)} MB) to ${process.env.S3_ENDPOINT ? 'S3_ENDPOINT' : 'moto'}, concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds, each starting one case later`);
  console.table(rows);
  console.log('Requests per new n-object photo: plain n PUTs; photodesk n PUT, the smallest first (only when it was there already: a GET of the manifest and a HEAD per object it names; the journal variant skips that order), +n HEAD when the store ignores If-None-Match or conditionalWrites is false; 1 PUT of the manifest (+1 HEAD likewise); one probe per run (2 PUT + 1 DELETE). Verification uses the CRC32 of the body in the answer to the PUT (the MD5 ETag where the store sends none), no read-back.');
  console.log('result:', writeResult('storage', { objects: OBJECTS, megabytes: totalMB, concurrency: CONCURRENCY, rows }));
}

async function bucket(client, name) {
  const Bucket = `bench-${name}-${Date.now().toString(36)}`;
  await client.send(new CreateBucketCommand({ Bucket }));
  return Bucket;
}

async function removeBucket(client, Bucket) {
  for (;;) {
    const { Contents = [] } = await client.send(new ListObjectsV2Command({ Bucket }));
    if (Contents.length === 0) break;
    const { Errors = [] } = await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: Contents.map(({ Key }) => ({ Key })) } }));
    if (Errors.length > 0) throw new Error(`cannot empty ${Bucket}: ${Errors[0].Key}: ${Errors[0].Message}`);
  }
  await client.send(new DeleteBucketCommand({ Bucket }));
}
