export { openCatalogue } from './open.js';
export { createSqlCatalogue } from './sql-catalogue.js';
export type { SqlClient } from './sql-catalogue.js';
export { rebuildCatalogue } from './rebuild.js';
export type { RebuildResult } from './rebuild.js';
export { entryOf } from './entry.js';
export type { Catalogue, CatalogueEntry, SearchQuery, SearchPage, NearMatch } from './types.js';
