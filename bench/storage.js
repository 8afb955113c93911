// Publishing 500 objects of 50-300 KB to an S3-protocol server (moto, started here, or S3_ENDPOINT) through
// photodesk's publish() (check, put, verify, manifest per photo) vs a plain loop of PutObjectCommand at the
// same concurrency. Alternating rounds, fresh bucket each, same process.
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { createS3Storage, publish } from '../dist/index.js';
import { startMoto } from '../test/helpers/moto-server.js';
import { median, writeResult } from './lib.js';

const OBJECTS = 500;
const PER_PHOTO = 5; // a rendition set: 100 photos of 5 renditions, each with its manifest
const CONCURRENCY = 8;
const ROUNDS = 3;

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
    ['photodesk defaults (conditional writes found out by a probe)', 'auto', true],
    ['photodesk, conditionalWrites: false (a HEAD before each put)', false, true],
    ['photodesk defaults, journal knows the set is new', 'auto', false],
  ];
  const times = { plain: [], ...Object.fromEntries(VARIANTS.map(([label]) => [label, []])) };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      times.plain.push(await timed(async () => {
        const Bucket = await bucket(client, `plain-${round}`);
        const limit = pLimit(CONCURRENCY);
        await Promise.all(bodies.map((Body, i) => limit(() => client.send(new PutObjectCommand({ Bucket, Key: `o/${i}.webp`, Body, ContentType: 'image/webp' })))));
      }));
      for (const [label, conditionalWrites, checkPublished] of VARIANTS) {
        times[label].push(await timed(async () => {
          const Bucket = await bucket(client, `pd-${String(conditionalWrites)}-${checkPublished ? "c" : "n"}-${round}`);
          // A new storage per round, as a new run makes: the defaults pay their probe (3 requests) each time.
          const storage = createS3Storage({ bucket: Bucket, client, conditionalWrites });
          // The same total concurrency: sets in flight x objects per set.
          const limit = pLimit(CONCURRENCY / 2);
          const sets = Array.from({ length: OBJECTS / PER_PHOTO }, (_, p) => p);
          await Promise.all(sets.map((p) => limit(() => publish(storage, `photo-${p}`, bodies.slice(p * PER_PHOTO, (p + 1) * PER_PHOTO).map((body, j) => ({ key: `o/${p}/${j}.webp`, body, contentType: 'image/webp' })), { manifestKey: `o/${p}/manifest.json`, concurrency: 2, checkPublished }))));
        }));
      }
    }
  } finally {
    client.destroy();
    await moto?.stop();
  }
  const base = median(times.plain);
  const rows = Object.entries(times).map(([how, t]) => ({ how, 'median ms': Math.round(median(t)), 'objects/s': Math.round(OBJECTS / (median(t) / 1000)), 'MB/s': +(totalMB / (median(t) / 1000)).toFixed(1), 'vs plain': +(median(t) / base).toFixed(2) }));
  console.log(`\n${OBJECTS} objects (${totalMB.toFixed(0)} MB) to ${process.env.S3_ENDPOINT ? 'S3_ENDPOINT' : 'moto'}, concurrency ${CONCURRENCY}, median of ${ROUNDS} alternating rounds`);
  console.table(rows);
  console.log('Requests per new 5-object photo: plain 5 PUTs; photodesk 5 PUT, the smallest first (only when it was there already: a GET of the manifest and a HEAD per object it names; the journal variant skips that order), +5 HEAD when the store ignores If-None-Match or conditionalWrites is false; 1 PUT of the manifest (+1 HEAD likewise); one probe per run (2 PUT + 1 DELETE). Verification uses the CRC32 of the body in the answer to the PUT (the MD5 ETag where the store sends none), no read-back.');
  console.log('result:', writeResult('storage', { objects: OBJECTS, megabytes: totalMB, concurrency: CONCURRENCY, rows }));
}

async function bucket(client, name) {
  const Bucket = `bench-${name}-${Date.now().toString(36)}`;
  await client.send(new CreateBucketCommand({ Bucket }));
  return Bucket;
}

async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
