// Corrections on a 24 MP photo, next to its first ingest, in the same run: a caption-only correction (no
// pixels re-encoded: the caption is not embedded by default, so every rendition is reused), a credit
// correction (embedded: every rendition is encoded again), and a withdrawal of the three editions. Local
// folders as stores, so the times are the desk's own work. Goal: caption-only <= 1/10 of the first ingest.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createDesk, createLocalStorage, loadConfig } from '../dist/index.js';
import { generate, SRC } from './renditions.js';
import { ROOT, median, withIptc, writeResult } from './lib.js';

const ROUNDS = Number(process.env.ROUNDS ?? 3);

export async function run() {
  await generate();
  const photo = withIptc(readFileSync(SRC), [
    [2, 110, 'Russian Defense Ministry'],
    [2, 120, "Russian Defense Minister S. Shoigu's visit to Belarus. The minister met his Belarusian counterpart in Minsk."],
    [2, 55, '20230412'],
  ]);
  const { policy } = await loadConfig({ file: path.join(ROOT, 'photodesk.config.json') });
  const steps = { 'first ingest': [], 'caption-only correction': [], 'credit correction': [], 'withdraw (3 editions)': [] };
  const work = { 'first ingest': [], 'caption-only correction': [], 'credit correction': [], 'withdraw (3 editions)': [] };
  for (let round = 0; round < ROUNDS; round++) {
    const dir = path.join(ROOT, 'bench', '.cache', 'correct', `r${round}`);
    rmSync(dir, { recursive: true, force: true });
    const desk = createDesk({ policy, storage: createLocalStorage({ dir: path.join(dir, 'public') }), privateStorage: createLocalStorage({ dir: path.join(dir, 'private') }) });
    const time = async (label, fn) => {
      const t = performance.now();
      const r = await fn();
      steps[label].push(performance.now() - t);
      work[label].push(r.rendered !== undefined ? `rendered ${r.rendered}, reused ${r.reused}` : `deleted ${r.deleted}`);
      return r;
    };
    const first = await time('first ingest', () => desk.ingest(photo, { name: 'shoigu-belarus-visit.jpg' }));
    await time('caption-only correction', () => desk.correct(first.photoId, { caption: `Corrected caption, round ${round}: the minister met his counterpart in Minsk.` }));
    await time('credit correction', () => desk.correct(first.photoId, { credit: 'Reuters' }));
    await time('withdraw (3 editions)', () => desk.withdraw(first.photoId, { reason: 'benchmark' }));
  }
  const base = median(steps['first ingest']);
  const rows = Object.entries(steps).map(([step, ms]) => ({ step, 'median ms': Math.round(median(ms)), 'vs first ingest': Number((median(ms) / base).toFixed(3)), work: work[step][0] }));
  console.table(rows);
  const ratio = median(steps['caption-only correction']) / base;
  console.log(`caption-only correction: ${ratio.toFixed(3)}x the first ingest (goal <= 0.1: ${ratio <= 0.1 ? 'met' : 'NOT met'})`);
  console.log(`wrote ${writeResult('correct', { rounds: ROUNDS, photo: '6000x4000 JPEG (bench/.cache/photo-24mp.jpg)', rows, captionRatio: ratio })}`);
}
