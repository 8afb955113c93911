export { configSchema, agencySchema } from './schema.js';
export type { PhotodeskConfig, Policy, Agency, CustomRuleConfig } from './schema.js';
export { loadConfig, resolvePolicy, CONFIG_FILES } from './load.js';
