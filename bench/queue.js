// The queue path against the in-process one, in one run: 40 generated 3000x2000 JPEGs with the default plan
// (5 widths x AVIF/WebP/JPEG) published to fresh local folders by
//   1. desk.ingestMany in this process (2 photos in flight, the CLI's default here),
//   2. one `photodesk worker` process (2 in flight, the process's encode slots: one per core),
//   3. two `photodesk worker` processes (1 in flight and 1 encode slot each),
// the last two fed by createPhotoQueue from this process, in ROUNDS alternating rounds (default 3). Photos/min (workers: from the queue's resume, the
// photos having been queued with the queue paused; "end to end" adds the time to queue them), ratios to the
// in-process runs (before and after), and the queue's own cost per photo: Redis commands (INFO stats) and the
// time to store the original and add the job.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startRedis } from '../test/helpers/redis-server.js';
import { generatePhotos, median, ROOT, writeResult } from './lib.js';

const COUNT = Number(process.env.COUNT ?? 40);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const CACHE = path.join(ROOT, 'bench', '.cache', `queue-6mp-${COUNT}`);
const WORK = path.join(ROOT, 'bench', '.cache', 'queue-work');

export async function run() {
  await generatePhotos(CACHE, COUNT, 3000, 2000, 'Queue photo');
  const files = readdirSync(CACHE).sort().map((f) => path.join(CACHE, f));
  const { createDesk, resolvePolicy, createLocalStorage } = await import('../dist/index.js');
  const { createPhotoQueue } = await import('../dist/pipeline/queue/index.js');
  const base = JSON.parse(readFileSync(path.join(ROOT, 'photodesk.config.json'), 'utf8'));
  const redis = await startRedis();
  const runs = { inprocess: [], one: [], two: [] };
  try {
    const inProcess = async () => {
      const dirs = fresh('inprocess');
      const desk = createDesk({ policy: resolvePolicy(base), storage: createLocalStorage({ dir: dirs.out }), privateStorage: createLocalStorage({ dir: dirs.priv }) });
      const t0 = performance.now();
      let done = 0;
      for await (const e of desk.ingestMany(files, { concurrency: 2 })) if (e.type === 'published') done++;
      return { done, ms: performance.now() - t0 };
    };
    const viaQueue = async (n, args, round) => {
      const dirs = fresh(`workers-${n}`);
      const queue = { url: redis.url, name: `bench-${n}-${round}`, prefix: 'bench' };
      const config = path.join(dirs.root, 'photodesk.config.json');
      writeFileSync(config, JSON.stringify({ ...base, storage: { public: dirs.out, private: dirs.priv }, queue }));
      const workers = await Promise.all(Array.from({ length: n }, () => startWorker(config, args)));
      const policy = resolvePolicy({ ...base, queue });
      const q = createPhotoQueue({ queue: policy.queue, privateStorage: createLocalStorage({ dir: dirs.priv }), limits: policy.limits });
      const before = await commands(redis.port);
      // The producer's cost apart from the workers': the photos are queued with the queue paused, then the
      // workers' clock runs from resume to the last end (on a real deployment the producer is another machine).
      await q.queue.pause();
      const e0 = performance.now();
      const ids = [];
      for (const f of files) ids.push((await q.enqueue(f)).jobId);
      const enqueueMs = performance.now() - e0;
      const t0 = performance.now();
      await q.queue.resume();
      let done = 0;
      for await (const o of q.watch(ids)) if (o.state === 'completed' && o.result.status === 'published') done++;
      const ms = performance.now() - t0;
      const used = (await commands(redis.port)) - before;
      await q.close();
      await Promise.all(workers.map(stopWorker));
      return { done, ms, enqueueMs, commands: used };
    };
    // Alternating rounds (the machine drifts by several percent over minutes); medians are compared.
    for (let r = 0; r < ROUNDS; r++) {
      runs.inprocess.push(await inProcess());
      runs.one.push(await viaQueue(1, ['--concurrency', '2'], r));
      runs.two.push(await viaQueue(2, ['--concurrency', '1', '--encode-slots', '1'], r));
      console.error(`round ${r + 1}/${ROUNDS}: in-process ${perMin(runs.inprocess[r])}, 1 worker ${perMin(runs.one[r])}, 2 workers ${perMin(runs.two[r])} photos/min`);
    }
  } finally {
    await redis.stop();
  }
  const rate = (xs) => median(xs.map(perMin));
  const anchor = rate(runs.inprocess);
  const rows = [
    { path: 'in-process ingestMany (2 in flight)', 'photos/min (median)': anchor, rounds: runs.inprocess.map(perMin).join(' / ') },
    ...[
      ['1 worker process (2 in flight, 2 encode slots)', runs.one],
      ['2 worker processes (1 in flight, 1 encode slot each)', runs.two],
    ].map(([label, xs]) => ({
      path: label,
      'photos/min (median)': rate(xs),
      rounds: xs.map(perMin).join(' / '),
      'enqueue ms/photo': round(median(xs.map((x) => x.enqueueMs)) / COUNT, 1),
      'Redis commands/photo': round(median(xs.map((x) => x.commands)) / COUNT, 1),
      'end to end photos/min': round(median(xs.map((x) => x.done / ((x.ms + x.enqueueMs) / 60000))), 1),
    })),
  ];
  for (const r of rows) r['vs in-process'] = round(r['photos/min (median)'] / anchor, 3);
  const one = rows[1];
  const two = rows[2];
  const overheadMs = round((60000 / one['photos/min (median)'] - 60000 / anchor), 0);
  console.log(`\nqueue vs in-process: ${COUNT} generated 3000x2000 JPEGs, default plan (5 widths x AVIF/WebP/JPEG), local folders`);
  console.table(rows);
  const twoVsOne = round(two['photos/min (median)'] / one['photos/min (median)'], 3);
  console.log(`queue overhead per photo (1 worker vs in-process, medians, wall time): ${overheadMs} ms; 2 workers / 1 worker: ${twoVsOne}`);
  console.log('result:', writeResult('queue', { count: COUNT, rounds: ROUNDS, rows, overheadMsPerPhoto: overheadMs, twoVsOne }));
}

function perMin(x) {
  return round(x.done / (x.ms / 60000), 1);
}

function round(x, d) {
  return Math.round(x * 10 ** d) / 10 ** d;
}

function fresh(name) {
  const root = path.join(WORK, name);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  return { root, out: path.join(root, 'out'), priv: path.join(root, 'private') };
}

/** Commands Redis has processed so far (INFO stats: total_commands_processed). */
async function commands(port) {
  const info = await new Promise((resolve, reject) => {
    import('node:net').then(({ connect }) => {
      const s = connect(port, '127.0.0.1');
      let got = '';
      s.on('error', reject);
      s.on('data', (d) => {
        got += d.toString();
        if (/total_commands_processed:\d+\r\n/.test(got)) {
          s.end();
          resolve(got);
        }
      });
      s.write('INFO stats\r\n');
    });
  });
  return Number(/total_commands_processed:(\d+)/.exec(info)[1]);
}

/** A `photodesk worker` process, resolved once it is listening to the queue. */
function startWorker(config, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'photodesk.js'), 'worker', '--config', config, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      if (/photodesk worker \d+: queue/.test(err)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${err}`)));
  });
}

function stopWorker(child) {
  return new Promise((r) => {
    child.removeAllListeners('exit');
    child.once('exit', r);
    child.kill('SIGTERM');
  });
}
