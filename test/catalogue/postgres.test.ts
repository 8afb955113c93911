import { inject } from 'vitest';
import { openCatalogue } from '../../src/pipeline/catalogue/index.js';
import { catalogueContract } from './contract.js';

catalogueContract('PostgreSQL', () => {
  const pg = inject('postgres');
  if (pg.error) throw new Error(pg.error);
  return openCatalogue(pg.url, { table: `contract_${process.pid}` });
});
