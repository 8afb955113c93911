export { configSchema, agencySchema, storageConfigSchema, queueConfigSchema, renditionPlanSchema } from './schema.js';
export type { PhotodeskConfig, Policy, Agency, CustomRuleConfig, QueueConfig, StorageConfig } from './schema.js';
export { loadConfig, CONFIG_FILES } from './load.js';
export { resolvePolicy } from './resolve.js';
