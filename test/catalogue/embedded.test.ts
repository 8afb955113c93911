import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCatalogue } from '../../src/pipeline/catalogue/index.js';
import { catalogueContract } from './contract.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'photodesk-catalogue-'));
catalogueContract('embedded (PGlite)', () => openCatalogue(`pglite:${path.join(dir, 'catalogue.pglite')}`));
