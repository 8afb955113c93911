import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputDir, ROOT } from '../helpers/paths.js';

describe('renditions memory', () => {
  it('renders a 100 MP JPEG within 1 GB of RSS (its own process, the default plan)', () => {
    const line = execFileSync(process.execPath, [path.join(ROOT, 'bench', 'renditions-memory.js'), outputDir('memory'), 'big'], { encoding: 'utf8', timeout: 240_000 });
    const { peak100mpMB } = JSON.parse(line.trim().split('\n').pop()!) as { peak100mpMB: number };
    expect(peak100mpMB).toBeGreaterThan(0);
    expect(peak100mpMB).toBeLessThan(1024);
  }, 300_000);
});
