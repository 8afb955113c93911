import type { PhotodeskConfig } from '../config/schema.js';
import type { Rule } from './types.js';

/** A configuration as written in photodesk.config.ts, with custom rules fully typed. */
export type ConfigFile = Omit<PhotodeskConfig, 'rules'> & { rules?: Omit<NonNullable<PhotodeskConfig['rules']>, 'custom'> & { custom?: Rule[] } };

/** Typed identity for a config file: `export default defineConfig({ ... })` (custom rules get their context typed). */
export function defineConfig(config: ConfigFile): PhotodeskConfig {
  return config;
}
