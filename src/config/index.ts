export { configSchema, agencySchema } from './schema.js';
export type { PhotodeskConfig, Policy, Agency } from './schema.js';
export { defineConfig, loadConfig, resolvePolicy, CONFIG_FILES } from './load.js';
