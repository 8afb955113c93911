/**
 * The catalogue inside the desk: a wire's re-sized copy of a published photo gets a near-duplicate finding
 * naming the first one; search finds photos by words (English and Russian), credit and status; a withdrawal
 * shows; the catalogue rebuilt from the private records says the same; the CLI searches it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../src/config/index.js';
import { createDesk, createLocalStorage, type Desk } from '../../src/index.js';
import { openCatalogue, rebuildCatalogue, type Catalogue } from '../../src/pipeline/catalogue/index.js';
import { runCli } from '../helpers/cli.js';
import { writeTags } from '../helpers/exiftool.js';
import { outputDir, ROOT } from '../helpers/paths.js';

const dir = outputDir('catalogue-desk');
const base = JSON.parse(readFileSync(path.join(ROOT, 'photodesk.config.json'), 'utf8')) as Record<string, unknown>;

describe('the desk with a catalogue', () => {
  let desk: Desk;
  let catalogue: Catalogue;
  const photos = path.join(ROOT, 'examples', 'photos');
  const shoigu = path.join(photos, 'shoigu-belarus-visit.jpg');
  let copy: string;
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // Another wire's copy: half the size, re-encoded, re-tagged with its own credit and caption.
    copy = path.join(dir, 'wire-copy.jpg');
    const { width } = await sharp(shoigu).metadata();
    await sharp(shoigu).rotate().resize(Math.round(width! / 2)).jpeg({ quality: 70 }).toFile(copy);
    writeTags(copy, { 'IPTC:Credit': 'Reuters', 'IPTC:Caption-Abstract': 'Russian Defence Minister Sergei Shoigu arrives in Minsk for talks.', 'IPTC:By-line': 'Staff' });
    catalogue = await openCatalogue(`pglite:${mkdtempSync(path.join(os.tmpdir(), 'photodesk-desk-catalogue-'))}/c`);
    const policy = resolvePolicy({ ...base, catalogue: {}, renditions: { widths: [320, 640], formats: ['webp', 'jpeg'] } });
    desk = createDesk({ policy, storage: createLocalStorage({ dir: path.join(dir, 'out'), publicBaseUrl: 'https://cdn.example.org' }), privateStorage: createLocalStorage({ dir: path.join(dir, 'private') }), catalogue });
    // Not press-conference.jpg: it and reuters-harbour.jpg are generated pictures of one layout (sky over a
    // horizon at the same height, other colours) that the perceptual hash rightly calls alike (12 bits).
    for (const f of ['shoigu-belarus-visit.jpg', 'минобороны-учения.jpg', 'reuters-harbour.jpg']) await desk.ingest(path.join(photos, f));
  });
  afterAll(async () => desk?.close());

  it("warns of a wire's re-sized copy of a published photo, naming it, its credit and its public URL", async () => {
    const first = await desk.search({ text: 'Shoigu visit' });
    expect(first.results).toHaveLength(1);
    const original = first.results[0]!;
    const r = await desk.ingest(copy);
    expect(r.status).toBe('published'); // a warning by default: the desk decides
    const f = r.findings.find((x) => x.rule === 'near-duplicate');
    expect(f).toMatchObject({ severity: 'warning', value: { photoId: original.photoId, credit: '© Photo Russian Defence Ministry / Go to the mediabank', url: original.manifestUrl } });
    expect((f!.value as { distance: number }).distance).toBeLessThanOrEqual(12);
    expect(f!.message).toMatch(new RegExp(`Looks like a photo the desk has published: ${original.photoId.slice(0, 12)} .*https://cdn\\.example\\.org/.*of 64 bits differ`));
    // Unrelated photos were not flagged.
    for (const e of (await desk.search({ rule: 'near-duplicate' })).results) expect(e.photoId).toBe(r.photoId);
    // Severity error: the copy is refused.
    const strict = createDesk({ policy: resolvePolicy({ ...base, catalogue: {}, rules: { ...(base.rules as object), severity: { 'near-duplicate': 'error' } } }), storage: createLocalStorage({ dir: path.join(dir, 'out2') }), privateStorage: createLocalStorage({ dir: path.join(dir, 'private2') }), catalogue });
    const refused = await strict.ingest(copy);
    expect(refused.status).toBe('rejected');
    expect(refused.reason).toMatch(/Looks like a photo the desk has published/);
  });

  it('finds photos by Russian and English words, credit and creator; a withdrawal shows in the status', async () => {
    const ru = await desk.search({ text: 'учения' });
    expect(ru.results.map((e) => e.name)).toEqual(['минобороны-учения.jpg']);
    expect((await desk.search({ text: 'ships' })).results.map((e) => e.name)).toEqual(['reuters-harbour.jpg']);
    expect((await desk.search({ credit: 'reuters' })).results.map((e) => e.name).sort()).toEqual(['reuters-harbour.jpg', 'wire-copy.jpg']);
    const harbour = (await desk.search({ text: 'ships' })).results[0]!;
    await desk.withdraw(harbour.photoId, { reason: 'Agency kill notice' });
    expect((await desk.search({ status: 'withdrawn' })).results.map((e) => e.photoId)).toEqual([harbour.photoId]);
    expect((await desk.search({ text: 'ships' })).results[0]).toMatchObject({ status: 'withdrawn', manifestUrl: null, thumbnailUrl: null });
  });

  it('rebuilds the same catalogue from the private records', async () => {
    const before = (await desk.search({ limit: 100 })).results;
    await rebuildCatalogue(desk, catalogue);
    const after = (await desk.search({ limit: 100 })).results;
    const strip = <T extends { publishedAt: string }>(e: T): T => ({ ...e, publishedAt: e.publishedAt.slice(0, 16) });
    expect(after.map(strip).sort((a, b) => a.photoId.localeCompare(b.photoId))).toEqual(before.map(strip).sort((a, b) => a.photoId.localeCompare(b.photoId)));
    expect(after).toHaveLength(4);
  });

  it('photodesk search: a table, --json pages, an HTML contact sheet, usage errors', () => {
    const cfg = path.join(dir, 'cli');
    const config = path.join(dir, 'photodesk.config.json');
    writeFileSync(config, JSON.stringify({ ...base, catalogue: { url: `pglite:${path.join(cfg, 'catalogue')}` }, storage: { public: './cli-out', private: './cli-private' }, renditions: { widths: [320], formats: ['jpeg'] } }));
    expect(runCli(['ingest', photos, '--config', config, '--no-progress']).code).toBe(0);
    const table = runCli(['search', 'учения', '--config', config]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/published\s+photo\s+verdict\s+credit\s+caption/);
    expect(table.stdout).toMatch(/Russian Defence Ministry/);
    const page = JSON.parse(runCli(['search', '--config', config, '--limit', '3', '--json']).stdout) as { results: unknown[]; next: string };
    expect(page.results).toHaveLength(3);
    const rest = JSON.parse(runCli(['search', '--config', config, '--limit', '3', '--cursor', page.next, '--json']).stdout) as { results: unknown[]; next: null };
    expect(rest).toMatchObject({ next: null });
    expect(rest.results).toHaveLength(1);
    const html = path.join(dir, 'sheet.html');
    expect(runCli(['search', '--config', config, '--html', html]).code).toBe(0);
    expect(readFileSync(html, 'utf8').match(/<article class="card/g)).toHaveLength(4);
    const typo = runCli(['search', '--config', config, '--rule', 'near-duplicat']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown rule id "near-duplicat" \(did you mean "near-duplicate"\?\)/);
    expect(runCli(['search', '--config', config, '--since', 'last week']).code).toBe(2);
  });
});
