import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalogue } from '../../src/pipeline/catalogue/index.js';
import { catalogueContract } from './contract.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'photodesk-catalogue-'));
catalogueContract('embedded (PGlite)', () => openCatalogue(`pglite:${path.join(dir, 'catalogue.pglite')}`));

describe('the embedded catalogue serves one process at a time', () => {
  it('refuses a second opener while the first holds it, and takes over from a dead one', async () => {
    const where = `pglite:${path.join(dir, 'locked')}`;
    const first = await openCatalogue(where);
    await expect(openCatalogue(where)).rejects.toMatchObject({ code: 'CATALOGUE_UNAVAILABLE', message: expect.stringMatching(new RegExp(`open in process ${process.pid}`)) });
    await first.close();
    const again = await openCatalogue(where);
    await again.close();
    writeFileSync(path.join(dir, 'locked.lock'), '999999999'); // a crashed process's lock
    const taken = await openCatalogue(where);
    expect(taken.kind).toBe('embedded');
    await taken.close();
  });
});
