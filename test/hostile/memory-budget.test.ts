import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { createMemoryBudget, decodeCost } from '../../src/pipeline/memory-budget.js';
import { outputDir, ROOT } from '../helpers/paths.js';
import { webpCanvasBomb } from './generators.js';

const MB = 1024 * 1024;
const tick = () => new Promise((r) => setImmediate(r));

describe('the memory budget', () => {
  it('admits photos while their decoded sizes fit, and the next in line as soon as one is done', async () => {
    const budget = createMemoryBudget(100);
    const order: string[] = [];
    const a = await budget.admit(60);
    const b = budget.admit(50).then((release) => (order.push('b'), release));
    const c = budget.admit(10).then((release) => (order.push('c'), release));
    await tick();
    // c would fit beside a, but b came first: first come, first served, so a large photo is not starved.
    expect(order).toEqual([]);
    expect(budget).toMatchObject({ inUse: 60, waiting: 2 });
    a();
    a(); // a second release gives nothing back twice
    await tick();
    expect(order).toEqual(['b', 'c']);
    expect(budget.inUse).toBe(60);
    (await b)();
    (await c)();
    expect(budget).toMatchObject({ inUse: 0, waiting: 0 });
  });

  it('a photo larger than the whole budget is refused with DECODE_LIMIT_EXCEEDED, naming the file and the setting', async () => {
    const budget = createMemoryBudget(64 * MB);
    await expect(budget.admit(65 * MB, { file: 'huge.png' })).rejects.toMatchObject({ code: 'DECODE_LIMIT_EXCEEDED', file: 'huge.png', message: expect.stringMatching(/huge\.png needs about 65 MB.*64 MB/), hint: expect.stringContaining('memoryBudget') });
    expect(() => createMemoryBudget(0)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });

  it('an upload abandoned while waiting leaves the line, and the photo behind it goes in', async () => {
    const budget = createMemoryBudget(100);
    const a = await budget.admit(90);
    const abort = new AbortController();
    const waiting = budget.admit(50, { signal: abort.signal });
    const behind = budget.admit(10);
    abort.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    (await behind)();
    a();
    expect(budget).toMatchObject({ inUse: 0, waiting: 0 });
  });

  it('is estimated from the header: the whole frame at 4 bytes a pixel, HEIC three times, plus the file', () => {
    expect(decodeCost({ width: 16383, height: 16383, format: 'webp', size: 188 })).toBe(16383 * 16383 * 4 + 188);
    expect(decodeCost({ width: 4032, height: 3024, format: 'heic', size: 2_000_000 })).toBe(4032 * 3024 * 12 + 2_000_000);
  });

  it('is set in the config in bytes or with a unit; anything else is a config error', async () => {
    const dir = outputDir('memory-budget-config');
    mkdirSync(dir, { recursive: true });
    const load = async (memoryBudget: unknown) => {
      const file = path.join(dir, 'photodesk.config.json');
      writeFileSync(file, JSON.stringify({ memoryBudget }));
      return (await loadConfig({ file })).policy.memoryBudget;
    };
    expect(await load('768 MiB')).toBe(768 * MB);
    expect(await load('1.5 GB')).toBe(1.5e9);
    expect(await load(1_000_000)).toBe(1_000_000);
    await expect(load('lots')).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringContaining('memoryBudget') });
  });
});

/**
 * Four uploads at once, each a 6000 x 6000 canvas (144 MB decoded) in a 128-byte WebP, ingested by one desk
 * in a fresh process: with a 200 MB budget they go one at a time and the process stays within the budget
 * and a margin; without one, all four decode together.
 */
function ingestAtOnce(file: string, budgetBytes: number): { statuses: string[]; maxRssMB: number; mostInUse: number } {
  const code = `
    const { createDesk, createLocalStorage, createMemoryBudget } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'index.js'))});
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const dir = mkdtempSync(${JSON.stringify(outputDir('memory-budget') + '/run-')});
    const budget = createMemoryBudget(${budgetBytes});
    const desk = createDesk({ renditions: { widths: [320], formats: ['jpeg'] }, storage: createLocalStorage({ dir: dir + '/pub' }), privateStorage: createLocalStorage({ dir: dir + '/priv' }), memoryBudget: budget });
    const bytes = readFileSync(${JSON.stringify(file)});
    let mostInUse = 0;
    const timer = setInterval(() => { mostInUse = Math.max(mostInUse, budget.inUse); }, 2);
    // Four different photos: the same canvas with a different chunk after it.
    const statuses = await Promise.all([0, 1, 2, 3].map((i) => desk.ingest(Buffer.concat([bytes, Buffer.from('JUNK\\x04\\0\\0\\0' + i + 'abc')]), { override: true }).then((r) => r.status, (e) => e.code ?? e.message)));
    clearInterval(timer);
    console.log(JSON.stringify({ statuses, mostInUse, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`child failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ReturnType<typeof ingestAtOnce>;
}

describe('a desk under its memory budget', () => {
  it('four 144 MB decodes at once: with a 200 MB budget one at a time, within the budget and 300 MB; without, all together', async () => {
    mkdirSync(outputDir('memory-budget'), { recursive: true });
    const file = path.join(outputDir('memory-budget'), 'canvas-6000.webp');
    writeFileSync(file, await webpCanvasBomb(1, 6000, 6000));
    const cost = 6000 * 6000 * 4;
    const bounded = ingestAtOnce(file, 200 * MB);
    const unbounded = ingestAtOnce(file, 4 * 1024 * MB);
    console.log(`4 x 6000^2 canvases at once: peak RSS ${bounded.maxRssMB} MB with a 200 MB budget, ${unbounded.maxRssMB} MB with 4 GB`);
    expect(bounded.statuses).toEqual(['published', 'published', 'published', 'published']);
    expect(unbounded.statuses).toEqual(bounded.statuses);
    expect(bounded.mostInUse).toBeGreaterThanOrEqual(cost);
    expect(bounded.mostInUse).toBeLessThanOrEqual(200 * MB);
    expect(unbounded.mostInUse).toBeGreaterThanOrEqual(3 * cost);
    expect(bounded.maxRssMB).toBeLessThan(200 + 300 + 150); // the budget, a margin, and the runtime with sharp loaded
    expect(unbounded.maxRssMB - bounded.maxRssMB).toBeGreaterThan(cost / MB);
  }, 180_000);
});
