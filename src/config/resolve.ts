import type { z } from 'zod';
import { PhotodeskError } from '../errors.js';
import { didYouMean } from './rule-ids.js';
import { configSchema, type Policy } from './schema.js';

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
