import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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
});
