// `photodesk ingest` of 200 generated 12 MP JPEGs to the local storage with the default plan: photos per
// minute, peak RSS, and RSS after 50 vs after 200 photos (read from /proc while the CLI runs): as the CLI runs
// by default (on Node 22.15+ it restarts itself with MALLOC_ARENA_MAX=2 and MALLOC_MMAP_THRESHOLD_=8 MiB when
// the environment does not set MALLOC_ARENA_MAX; Node 20 cannot), with two arenas and glibc's sliding mmap
// threshold, and with glibc's own arena count (8 per core) set explicitly, the anchor.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePhotos, ROOT, writeResult } from './lib.js';

const COUNT = Number(process.env.COUNT ?? 200);
const CACHE = path.join(ROOT, 'bench', '.cache', `bulk-12mp-${COUNT}`);

export async function run() {
  await generatePhotos(CACHE, COUNT, 4000, 3000, 'Bulk photo');
  const rows = [];
  const glibc = String(8 * os.availableParallelism());
  const { MALLOC_ARENA_MAX: _, ...env } = process.env;
  const { MALLOC_MMAP_THRESHOLD_: __, ...clean } = env;
  const runs = [
    [`glibc's arenas (MALLOC_ARENA_MAX=${glibc})`, { MALLOC_ARENA_MAX: glibc }],
    ["two arenas, glibc's mmap threshold (MALLOC_ARENA_MAX=2)", { MALLOC_ARENA_MAX: '2' }],
    [`photodesk default (${process.version})`, {}],
  ];
  for (const [label, extra] of runs) rows.push({ env: label, ...(await ingestOnce(clean, extra)) });
  console.log(`\nphotodesk ingest of ${COUNT} generated 12 MP JPEGs to the local storage (default plan: 5 widths x AVIF/WebP/JPEG)`);
  console.table(rows);
  console.log('result:', writeResult('bulk', { count: COUNT, rows }));
}

async function ingestOnce(baseEnv, extraEnv) {
  const out = path.join(ROOT, 'bench', '.cache', 'bulk-out');
  rmSync(out, { recursive: true, force: true });
  const journal = path.join(out, '..', 'bulk-journal.jsonl');
  rmSync(journal, { force: true });
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'photodesk.js'), 'ingest', CACHE, '--to', out, '--journal', journal], { env: { ...baseEnv, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  let done = 0;
  let peak = 0;
  const at = {};
  const rss = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  // CPU seconds (user + system) of the CLI, read with the RSS: the price of a lower plateau is paid in CPU.
  let cpu = 0;
  const cpuSeconds = () => {
    try {
      // utime and stime, the 14th and 15th fields (after the command name in parentheses), in clock ticks of 1/100 s.
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return cpu;
    }
  };
  const timer = setInterval(() => {
    peak = Math.max(peak, rss());
    cpu = cpuSeconds();
  }, 100);
  child.stderr.setEncoding('utf8');
  let buf = '';
  child.stderr.on('data', (d) => {
    buf += d;
    const lines = buf.split('\n');
    buf = lines.pop();
    for (const l of lines) {
      if (!/^(\S*published|skipped|\S*failed|\S*rejected)/.test(l.replace(/\x1b\[[0-9;]*m/g, ''))) continue;
      done++;
      if (done === 50 || done === COUNT) at[done] = Math.round(rss());
    }
  });
  const code = await new Promise((r) => child.once('exit', r));
  clearInterval(timer);
  const minutes = (performance.now() - started) / 60000;
  return { exit: code, photos: done, 'photos/min': Math.round(done / minutes), 'CPU s': Math.round(cpu), 'peak RSS (MB)': Math.round(peak), 'RSS after 50 (MB)': at[50], [`RSS after ${COUNT} (MB)`]: at[COUNT] };
}
