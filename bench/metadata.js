// readMetadata over the shared corpus, beside ExifTool in batch mode and bare exifr, in the same run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import exifr from 'exifr';
import { readMetadata, walkFiles } from '../dist/index.js';
import { CORPUS, median, pool, writeResult } from './lib.js';

const ROUNDS = Number(process.env.ROUNDS ?? 11);
// What a user of bare exifr asks for to get the same blocks (EXIF, GPS, IPTC, XMP, ICC).
const BARE_EXIFR = { tiff: true, xmp: true, iptc: true, icc: { multiSegment: true } };
const CONCURRENCY = 4;

export async function run() {
  if (!existsSync(CORPUS)) {
    console.error(`The corpus is not at ${CORPUS} (set PHOTODESK_CORPUS).`);
    process.exit(2);
  }
  const files = [];
  for await (const f of walkFiles([CORPUS])) if (!/\.(json|tsv|md)$/.test(f)) files.push(f);

  const exiftool = timeExifTool();
  const bare = { 1: [], [CONCURRENCY]: [] };
  const ours = { 1: [], [CONCURRENCY]: [] };
  const rss = [];
  // Alternate the two readers round by round so drift on a noisy machine hits both alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of [1, CONCURRENCY]) {
      bare[c].push(await timed(files, c, (f) => exifr.parse(f, BARE_EXIFR).catch(() => null)));
      ours[c].push(await timed(files, c, (f) => readMetadata(f).catch(() => null)));
    }
    rss.push(process.memoryUsage().rss);
  }
  const rows = [];
  const fps = (ms) => files.length / (ms / 1000);
  if (exiftool) rows.push({ reader: 'exiftool -json -G1 -a -n -r (batch)', concurrency: 1, ms: exiftool, filesPerSec: fps(exiftool) });
  for (const c of [1, CONCURRENCY]) {
    rows.push({ reader: 'bare exifr (no hash, Latin-1 IIM)', concurrency: c, ms: median(bare[c]), filesPerSec: fps(median(bare[c])) });
    rows.push({ reader: 'photodesk readMetadata', concurrency: c, ms: median(ours[c]), filesPerSec: fps(median(ours[c])) });
  }
  const ratios = {
    vsExifTool: exiftool ? fps(median(ours[CONCURRENCY])) / fps(exiftool) : null,
    timeVsBareExifr: median(ours[CONCURRENCY]) / median(bare[CONCURRENCY]),
    timeVsBareExifrSequential: median(ours[1]) / median(bare[1]),
    rssGrowthFirstToLastRoundMB: (rss.at(-1) - rss[0]) / 1048576,
  };
  console.log(`\nreadMetadata over ${files.length} corpus files, median of ${ROUNDS} rounds`);
  console.table(rows.map((r) => ({ ...r, ms: Math.round(r.ms), filesPerSec: Math.round(r.filesPerSec) })));
  console.table({
    'photodesk files/s vs ExifTool (goal >= 5x)': ratios.vsExifTool?.toFixed(2) + 'x',
    'photodesk time vs bare exifr, concurrent (goal <= 1.3x, issue 15)': ratios.timeVsBareExifr.toFixed(2) + 'x',
    'photodesk time vs bare exifr, sequential': ratios.timeVsBareExifrSequential.toFixed(2) + 'x',
    'RSS after each round (MB)': rss.map((r) => Math.round(r / 1048576)).join(' / '),
  });
  console.log('result:', writeResult('metadata', { files: files.length, rounds: ROUNDS, rows, ratios, rssMB: rss.map((r) => r / 1048576) }));
}

async function timed(files, concurrency, fn) {
  const t = performance.now();
  await pool(files, concurrency, fn);
  return performance.now() - t;
}

function timeExifTool() {
  const t = performance.now();
  try {
    execFileSync('exiftool', ['-json', '-G1', '-a', '-n', '-r', '-q', '-q', CORPUS], { stdio: ['ignore', 'ignore', 'ignore'] });
  } catch (e) {
    // exiftool exits 1 when some files have errors; it still read the whole folder.
    if (e.status !== 1) {
      console.error('exiftool not available: the ExifTool row is left out');
      return null;
    }
  }
  return performance.now() - t;
}
