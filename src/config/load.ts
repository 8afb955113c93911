import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { PhotodeskError } from '../errors.js';
import { didYouMean } from './rule-ids.js';
import { configSchema, type PhotodeskConfig, type Policy } from './schema.js';

/** The file names looked for in the working directory, in this order. */
export const CONFIG_FILES = ['photodesk.config.ts', 'photodesk.config.mts', 'photodesk.config.mjs', 'photodesk.config.js', 'photodesk.config.json'];

/**
 * Validates a configuration and fills in the defaults.
 * @throws {@link PhotodeskError} `INVALID_CONFIG` naming each bad path and what was expected.
 */
export function resolvePolicy(config: unknown = {}, file: string | null = null): Policy {
  const result = configSchema.safeParse(config);
  if (result.success) return result.data;
  const lines = result.error.issues.map(describeIssue);
  throw new PhotodeskError('INVALID_CONFIG', `${file ? `${file}: ` : ''}invalid configuration:\n  ${lines.join('\n  ')}`, { file });
}

/**
 * Loads the configuration: the given file, or the first photodesk.config.{ts,mjs,js,json} in `cwd`, or the
 * defaults when there is none. TS configs are compiled on the fly by jiti.
 */
export async function loadConfig(options: { file?: string; cwd?: string } = {}): Promise<{ policy: Policy; file: string | null }> {
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ? path.resolve(cwd, options.file) : (CONFIG_FILES.map((f) => path.join(cwd, f)).find((f) => existsSync(f)) ?? null);
  if (!file) return { policy: resolvePolicy({}), file: null };
  if (!existsSync(file)) throw new PhotodeskError('INVALID_CONFIG', `The config file ${file} does not exist`, { file });
  const raw = await readConfigFile(file);
  return { policy: resolvePolicy(raw, file), file };
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

/** `rules.credit.agencies[2].name: expected a string` */
function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '') || '(root)';
  let what = issue.message;
  if (issue.code === 'invalid_type') what = `expected ${article(issue.expected)}`;
  else if (issue.code === 'unrecognized_keys') {
    const known = keysAt(issue.path);
    what = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"${known ? didYouMean(k, known) : ''}`).join(', ')}`;
  }
  else if (issue.code === 'invalid_value') what = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where}: ${what}`;
}

/** The keys the schema allows at a path of nested objects (through zod's default and pipe wrappers). */
function keysAt(at: readonly PropertyKey[]): string[] | null {
  type Node = { shape?: Record<string, Node>; _zod?: { def?: { innerType?: Node; in?: Node; schema?: Node } } } | null | undefined;
  const unwrap = (n: Node): Node => {
    for (let i = 0; i < 10 && n && !n.shape; i++) n = n._zod?.def?.innerType ?? n._zod?.def?.in ?? n._zod?.def?.schema ?? null;
    return n?.shape ? n : null;
  };
  let node = unwrap(configSchema as unknown as Node);
  for (const p of at) node = node?.shape ? unwrap(node.shape[String(p)]) : null;
  return node?.shape ? Object.keys(node.shape) : null;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
