import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createDesk, createLocalStorage, isPhotodeskError, readMetadata, resolvePolicy, validate } from '../../src/index.js';
import { writeJpegMetadata } from '../../src/metadata/write-jpeg.js';
import { fuzz, type FuzzSeed } from '../../scripts/fuzz-lib.mjs';
import { makeJpeg } from '../helpers/fixtures.js';
import { CORPUS, outputDir } from '../helpers/paths.js';
import { DESK_CONFIG } from '../helpers/policy.js';

/*
 * The fuzz harness on every run: a few hundred mutants of seed photos (generated here, and small files of the
 * shared corpus when it is present) through readMetadata and validate, every 25th through desk.ingest.
 * Each must end in a record or a typed error, reading within 2 s. `npm run fuzz` runs thousands, keeps crashers.
 */
const dir = outputDir('fuzz');

/** Seeds that reach the parsers written here: XMP with structures, Extended XMP, IIM, EXIF, PNG, WebP, GIF. */
async function generatedSeeds(): Promise<FuzzSeed[]> {
  const base = readFileSync(await makeJpeg(path.join(dir, 'seed.jpg'), 160, 120));
  const record = {
    credit: 'Минобороны России', creator: ['Вадим Савицкий'], caption: 'Учения на полигоне', keywords: ['армия', 'учения'],
    dateCreated: '2023-04-12T10:30:00+03:00', city: 'Москва', locationCreated: [{ sublocation: null, city: 'Москва', provinceState: null, countryName: 'Россия', countryCode: 'RUS', worldRegion: null, locationId: ['1'], locationName: null }],
    licensor: [{ id: null, name: 'Sputnik', url: 'https://sputniknews.com', email: null, telephone1: null, telephoneType1: null, telephone2: null, telephoneType2: null, streetAddress: null, extendedAddress: null, city: null, region: null, postalCode: null, country: null }],
  };
  const jpeg = writeJpegMetadata(base, record);
  const extended = writeJpegMetadata(base, { ...record, caption: 'Долгая подпись. '.repeat(3000) });
  const png = await sharp(base).withXmp(extractXmp(jpeg)).png().toBuffer();
  const webp = await sharp(base).withXmp(extractXmp(jpeg)).webp().toBuffer();
  const gif = await sharp(base).gif().toBuffer();
  return [
    { name: 'jpeg+xmp+iim', bytes: jpeg },
    { name: 'jpeg+extended-xmp', bytes: extended },
    { name: 'png+xmp', bytes: png },
    { name: 'webp+xmp', bytes: webp },
    { name: 'gif', bytes: gif },
  ];
}

function extractXmp(jpeg: Buffer): string {
  const at = jpeg.indexOf('<?xpacket begin');
  return jpeg.toString('utf8', at, jpeg.indexOf('<?xpacket end="w"?>', at) + 19);
}

/** Up to `n` small corpus files of every format, in a fixed order. */
function corpusSeeds(n: number): FuzzSeed[] {
  if (!CORPUS) return [];
  const out: FuzzSeed[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(jpe?g|png|webp|gif|tiff?|heic|avif)$/i.test(e.name) && statSync(p).size < 150_000) out.push({ name: path.relative(CORPUS!, p), bytes: readFileSync(p) });
    }
  };
  walk(CORPUS);
  const step = Math.max(1, Math.floor(out.length / n));
  return out.filter((_, i) => i % step === 0).slice(0, n);
}

describe('fuzzing the readers', () => {
  it('1,000 mutants: every one a record or a typed error within 2 s, every 25th through ingest', async () => {
    rmSync(dir, { recursive: true, force: true });
    const seeds = [...(await generatedSeeds()), ...corpusSeeds(25)];
    const policy = resolvePolicy(DESK_CONFIG);
    const desk = createDesk({ policy, storage: createLocalStorage({ dir: path.join(dir, 'public') }), privateStorage: createLocalStorage({ dir: path.join(dir, 'private') }), renditions: { widths: [64], formats: ['jpeg'] } });
    const result = await fuzz({
      seeds,
      count: 1000,
      seed: 20261127,
      ingestEvery: 25,
      saveDir: path.join(dir, 'crashers'),
      api: {
        readMetadata: (bytes, o) => readMetadata(bytes, o),
        validate: (r, p) => validate(r, p),
        isPhotodeskError: (e): e is { code: string } => isPhotodeskError(e),
        policy,
        ingest: (bytes, name) => desk.ingest(bytes, { name, override: true }),
      },
    });
    console.log(`\nfuzz: ${result.mutants} mutants of ${seeds.length} seeds${CORPUS ? '' : ' (generated only: ../shared/corpus absent)'}`);
    console.table({ records: result.records, typedErrors: result.typedErrors, ingested: result.ingested, slowestReadMs: result.slowest.ms, slowestIngestMs: result.slowestIngest.ms, ...result.codes });
    expect(result.crashers).toEqual([]);
    expect(result.mutants).toBe(1000);
  }, 240_000);
});
