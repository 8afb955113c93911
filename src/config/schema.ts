import { z } from 'zod';
import { TEXT_FIELDS } from '../metadata/types.js';
import { BUILTIN_RULE_IDS, didYouMean } from './rule-ids.js';

/** True when the runtime can decode `label` (a WHATWG encoding label such as windows-1251). */
function knownCharset(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

const severity = z.enum(['error', 'warning', 'info']);
const severityOrOff = z.enum(['error', 'warning', 'info', 'off']);

/** One agency in the desk's registry. */
export const agencySchema = z.strictObject({
  /** Canonical name, as printed: "Russian Defence Ministry". */
  name: z.string().min(1),
  /** Other spellings, languages and abbreviations it arrives under. */
  aliases: z.array(z.string().min(1)).prefault([]),
  /** Credit-line template for this agency (default: the policy's), e.g. "© Photo {agency}". */
  template: z.string().min(1).optional(),
  /** Appended to the credit line, e.g. " / Go to the mediabank". */
  suffix: z.string().optional(),
  kind: z.enum(['staff', 'agency', 'handout', 'pool', 'stock']).prefault('agency'),
});

/**
 * A desk's own rule as the configuration holds it. Its full type, with the context `check` receives, is
 * `Rule` (photodesk/rules), which `defineConfig` asks for; it is not imported here so that the config, which
 * every stage reads, depends on none of them.
 */
export interface CustomRuleConfig {
  id: string;
  severity: 'error' | 'warning' | 'info';
  description?: string;
  check(ctx: never): unknown;
}

const customRule = z.custom<CustomRuleConfig>(
  (v) => typeof v === 'object' && v !== null && typeof (v as CustomRuleConfig).id === 'string' && typeof (v as CustomRuleConfig).check === 'function' && severity.safeParse((v as CustomRuleConfig).severity).success,
  { message: 'expected a rule: { id: string, severity: "error" | "warning" | "info", description?: string, check(ctx) }' },
);

/** The whole configuration of photodesk, as written in photodesk.config.{json,mjs,ts}. */
export const configSchema = z.strictObject({
  /** The publication's name, for alt text ("{site}"). */
  site: z.string().prefault(''),
  /** Charset of undeclared, non-UTF-8 IPTC text (WHATWG label). */
  legacyCharset: z
    .string()
    .refine(knownCharset, { message: 'not a character encoding this runtime knows (try windows-1252, windows-1251, iso-8859-2, koi8-r)' })
    .prefault('windows-1252'),
  limits: z
    .strictObject({
      maxBytes: z.number().int().positive().optional(),
      maxPixels: z.number().int().positive().optional(),
    })
    .prefault({}),
  rules: z
    .strictObject({
      /** Per-rule severity override, or "off". */
      severity: z.record(z.string(), severityOrOff).prefault({}),
      /** Fields every photo must have. */
      required: z.array(z.enum(TEXT_FIELDS)).prefault(['credit', 'caption']),
      credit: z
        .strictObject({
          template: z.string().min(1).prefault('© Photo {agency}'),
          suffix: z.string().prefault(''),
          agencies: z.array(agencySchema).prefault([]),
        })
        .prefault({}),
      caption: z
        .strictObject({
          minLength: z.number().int().nonnegative().prefault(20),
          maxLength: z.number().int().positive().prefault(2000),
          /** Extra placeholder texts besides the built-in ones ("CAPTION TK", "lorem ipsum"...). */
          placeholders: z.array(z.string().min(1)).prefault([]),
        })
        .prefault({}),
      creator: z
        .strictObject({
          roleWords: z.array(z.string().min(1)).prefault(['HANDOUT', 'STAFF', 'POOL', 'STRINGER', 'FILE', 'UNKNOWN', 'ANONYMOUS', 'N/A', 'NONE', 'CONTRIBUTOR']),
        })
        .prefault({}),
      minSize: z.strictObject({ shortSide: z.number().int().positive().prefault(600) }).prefault({}),
      altText: z
        .strictObject({
          template: z.string().min(1).prefault('{caption}'),
          /** Longest alt text, in characters: a 30,000-character caption does not become a 30,000-character alt. */
          maxLength: z.number().int().min(40).prefault(400),
        })
        .prefault({}),
      /** Rules of your own (TS/JS configs only). */
      custom: z.array(customRule).prefault([]),
    })
    .prefault({}),
}).superRefine((config, ctx) => {
  // A mistyped rule id would silently leave that rule at its default severity: a CI gate that does not block.
  const known = [...BUILTIN_RULE_IDS, ...config.rules.custom.map((r) => r.id)];
  for (const id of Object.keys(config.rules.severity)) {
    if (!known.includes(id)) ctx.addIssue({ code: 'custom', path: ['rules', 'severity', id], message: `unknown rule id "${id}"${didYouMean(id, known)}` });
  }
});

/** A configuration as written (every field optional). */
export type PhotodeskConfig = z.input<typeof configSchema>;
/** A configuration with every default filled in: what rules and the pipeline read. */
export type Policy = z.output<typeof configSchema>;
/** One agency of the registry. */
export type Agency = z.output<typeof agencySchema>;
