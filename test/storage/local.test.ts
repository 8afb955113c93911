import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDesk, createLocalStorage } from '../../src/index.js';
import { makeJpeg } from '../helpers/fixtures.js';
import { DESK_CONFIG } from '../helpers/policy.js';
import { outputDir } from '../helpers/paths.js';
import { storageContract } from './contract.js';

const root = outputDir('storage-local');
let n = 0;

storageContract('local folder', async () => {
  const dir = path.join(root, `s${n++}`);
  rmSync(dir, { recursive: true, force: true });
  return createLocalStorage({ dir, publicBaseUrl: 'https://cdn.example.org/photos' });
});

describe('local folder storage', () => {
  it('writes atomically: no temporary file is left, and the public URL uses the base', async () => {
    const dir = path.join(root, 'atomic');
    rmSync(dir, { recursive: true, force: true });
    const s = createLocalStorage({ dir, publicBaseUrl: 'https://cdn.example.org/photos/' });
    await s.put('2024/05/x/Фото.jpg', Buffer.from('abc'), { contentType: 'image/jpeg' });
    expect(readdirSync(path.join(dir, '.photodesk-tmp'))).toEqual([]);
    expect(existsSync(path.join(dir, '2024', '05', 'x', 'Фото.jpg'))).toBe(true);
    expect(s.url('2024/05/x/Фото.jpg')).toBe('https://cdn.example.org/photos/2024/05/x/%D0%A4%D0%BE%D1%82%D0%BE.jpg');
  });

  it('resolves a concurrent write of the same key: one creates, the other skips', async () => {
    const dir = path.join(root, 'race');
    rmSync(dir, { recursive: true, force: true });
    const s = createLocalStorage({ dir });
    const body = Buffer.alloc(1 << 20, 7);
    const results = await Promise.all([1, 2, 3, 4].map(() => s.put('same.jpg', body, { contentType: 'image/jpeg' })));
    expect(results.filter((r) => r.status === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'skipped')).toHaveLength(3);
  });

  it('publishes a photo whose {name} key passes the file-name limit: segments cut with a hash suffix, before any write', async () => {
    const dir = path.join(root, 'long-names');
    rmSync(dir, { recursive: true, force: true });
    const desk = createDesk({
      policy: DESK_CONFIG,
      storage: createLocalStorage({ dir: path.join(dir, 'public') }),
      privateStorage: createLocalStorage({ dir: path.join(dir, 'private') }),
      renditions: { widths: [320, 640], formats: ['webp', 'jpeg'] },
      keyTemplate: '{yyyy}/{mm}/{name}-{width}{crop}-{render}.{ext}',
      manifestKeyTemplate: '{yyyy}/{mm}/{name}-{hash12}-edition-{edition}.json',
    });
    const name = `${'Министр обороны России во время визита '.repeat(4)}.jpg`; // about 540 bytes of UTF-8
    expect(Buffer.byteLength(name)).toBeGreaterThan(255);
    const photo = await makeJpeg(path.join(dir, 'src.jpg'), 900, 600);
    const first = await desk.ingest(readFileSync(photo), { name, override: true });
    expect(first.status).toBe('published');
    const keys = [...first.renditions.map((r) => r.key), first.manifestKey];
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) {
      const last = k.split('/').pop()!;
      expect(Buffer.byteLength(last), k).toBeLessThanOrEqual(240);
      expect(last, k).toMatch(/~[0-9a-f]{8}\.(webp|jpg|json)$/);
      expect(existsSync(path.join(dir, 'public', k)), k).toBe(true);
    }
    expect((await desk.ingest(readFileSync(photo), { name, override: true })).status).toBe('already-published');
  });

  it('a re-run after a failed one writes back the sidecars (content type, cache control) the failure lost', async () => {
    const dir = path.join(root, 'repair');
    rmSync(dir, { recursive: true, force: true });
    const storage = createLocalStorage({ dir: path.join(dir, 'public') });
    const desk = createDesk({ policy: DESK_CONFIG, storage, privateStorage: createLocalStorage({ dir: path.join(dir, 'private') }), renditions: { widths: [320, 640], formats: ['webp', 'jpeg'] } });
    const photo = readFileSync(await makeJpeg(path.join(dir, 'src.jpg'), 900, 600));
    const first = await desk.ingest(photo, { override: true });
    // What a full disk leaves: the renditions' bytes, two sidecars gone, no manifest, no pointer.
    const meta = (k: string) => path.join(dir, 'public', '.photodesk-meta', k + '.json');
    for (const r of first.renditions.slice(0, 2)) rmSync(meta(r.key));
    rmSync(path.join(dir, 'public', first.manifestKey));
    rmSync(path.join(dir, 'public', first.pointerKey));
    expect((await storage.head(first.renditions[0]!.key))?.contentType).toBeNull();
    const again = await desk.ingest(photo, { override: true });
    expect(again.status).toBe('published');
    for (const r of again.renditions) expect(await storage.head(r.key), r.key).toMatchObject({ contentType: r.format === 'jpeg' ? 'image/jpeg' : 'image/webp', cacheControl: expect.stringContaining('immutable') });
  });

  // A real full disk: a 1 MB tmpfs (root only; elsewhere this says SKIPPED and why).
  const canMount = process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  it.skipIf(!canMount)('a disk that fills mid-run: STORAGE_FULL, no temporary file left; once space is freed the re-run completes every set with its sidecars', async () => {
    const dir = path.join(root, 'full-disk');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(dir, 'public'), { recursive: true });
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', path.join(dir, 'public')], { encoding: 'utf8' });
    if (mount.status !== 0) return console.log(`SKIPPED: cannot mount a tmpfs here (${mount.stderr.trim()})`);
    try {
      const storage = createLocalStorage({ dir: path.join(dir, 'public') });
      const desk = createDesk({ policy: DESK_CONFIG, storage, privateStorage: createLocalStorage({ dir: path.join(dir, 'private') }), renditions: { widths: [320, 640, 1280], formats: ['webp', 'jpeg'] } });
      const photos = await Promise.all([0, 1, 2, 3, 4, 5].map(async (i) => readFileSync(await makeJpeg(path.join(dir, `src-${i}.jpg`), 1600 + i * 8, 1067))));
      const codes = await Promise.all(photos.map((p) => desk.ingest(p, { override: true }).then((r) => r.status, (e: { code?: string }) => e.code)));
      expect(codes).toContain('STORAGE_FULL');
      expect(readdirSync(path.join(dir, 'public', '.photodesk-tmp'))).toEqual([]);
      expect(spawnSync('mount', ['-o', 'remount,size=64m', path.join(dir, 'public')]).status).toBe(0);
      const again = await Promise.all(photos.map((p) => desk.ingest(p, { override: true })));
      for (const r of again) {
        expect(['published', 'already-published']).toContain(r.status);
        for (const o of r.renditions) expect(await storage.head(o.key), o.key).toMatchObject({ contentType: o.format === 'jpeg' ? 'image/jpeg' : 'image/webp', cacheControl: expect.stringContaining('immutable') });
      }
    } finally {
      spawnSync('umount', [path.join(dir, 'public')]);
    }
  });
  if (!canMount) console.log('SKIPPED: the full-disk test mounts a tmpfs, which needs root on Linux');
});
