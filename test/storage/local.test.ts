import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalStorage } from '../../src/index.js';
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
});
