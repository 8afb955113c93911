import path from 'node:path';
import { rmSync } from 'node:fs';
import { createLocalStorage } from '../../src/index.js';
import { outputDir } from '../helpers/paths.js';
import { editionContract } from './editions.js';

const dir = outputDir('editions-local');
let n = 0;

editionContract(
  'local folders',
  async () => {
    const root = path.join(dir, `s${n++}`);
    rmSync(root, { recursive: true, force: true });
    const base = 'https://cdn.example.org/photos';
    return { storage: createLocalStorage({ dir: path.join(root, 'public'), publicBaseUrl: base }), privateStorage: createLocalStorage({ dir: path.join(root, 'private') }), base };
  },
  dir,
);
