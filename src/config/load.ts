import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PhotodeskError } from '../errors.js';
import type { Policy } from './schema.js';

/** The file names looked for in the working directory, in this order. */
export const CONFIG_FILES = ['photodesk.config.ts', 'photodesk.config.mts', 'photodesk.config.mjs', 'photodesk.config.js', 'photodesk.config.json'];

/**
 * Loads the configuration: the given file, or the first photodesk.config.{ts,mjs,js,json} in `cwd`, or the
 * defaults when there is none. TS configs are compiled on the fly by jiti.
 */
export async function loadConfig(options: { file?: string; cwd?: string } = {}): Promise<{ policy: Policy; file: string | null }> {
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ? path.resolve(cwd, options.file) : (CONFIG_FILES.map((f) => path.join(cwd, f)).find((f) => existsSync(f)) ?? null);
  if (!file) return { policy: await defaultPolicy(), file: null };
  if (!existsSync(file)) throw new PhotodeskError('INVALID_CONFIG', `The config file ${file} does not exist`, { file });
  const raw = await readConfigFile(file);
  const { resolvePolicy } = await import('./resolve.js');
  return { policy: resolvePolicy(raw, file), file };
}

/**
 * The policy of an empty configuration. The build writes it beside this file (`defaults.json`, zod's own
 * output for `{}`, scripts/config-defaults.mjs) so that a command run where there is no config file does not
 * load zod: 95 modules, a quarter of `photodesk inspect`'s start-up. Without that file, zod makes it.
 */
async function defaultPolicy(): Promise<Policy> {
  try {
    return JSON.parse(readFileSync(new URL('./defaults.json', import.meta.url), 'utf8')) as Policy;
  } catch {
    const { resolvePolicy } = await import('./resolve.js');
    return resolvePolicy({});
  }
}

async function readConfigFile(file: string): Promise<unknown> {
  try {
    if (file.endsWith('.json')) return JSON.parse(readFileSync(file, 'utf8'));
    if (/\.(c|m)?ts$/.test(file)) {
      const { createJiti } = await import('jiti');
      // A config outside any project that has photodesk installed still finds `import … from 'photodesk'`: this copy.
      const jiti = createJiti(import.meta.url, { moduleCache: false, alias: { photodesk: fileURLToPath(new URL('../index.js', import.meta.url)) } });
      return await jiti.import(file, { default: true });
    }
    const mod = (await import(pathToFileURL(file).href + `?t=${Date.now()}`)) as { default?: unknown };
    return mod.default ?? mod;
  } catch (cause) {
    throw new PhotodeskError('INVALID_CONFIG', `Cannot read the config file ${file}: ${(cause as Error).message}`, { file, cause });
  }
}
