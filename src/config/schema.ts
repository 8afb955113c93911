import { z } from 'zod';
import { TEXT_FIELDS } from '../metadata/types.js';
import { PRIVATE_FIELDS, PUBLIC_FIELDS, type PublicField } from '../metadata/fields.js';
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

const format = z.enum(['avif', 'webp', 'jpeg']);
const encoder = z.strictObject({
  quality: z.number().int().min(1).max(100).optional(),
  effort: z.number().int().min(0).max(9).optional(),
  chromaSubsampling: z.enum(['4:2:0', '4:4:4']).optional(),
  tune: z.enum(['auto', 'iq', 'psnr', 'ssim']).optional(),
  mozjpeg: z.boolean().optional(),
  smartSubsample: z.boolean().optional(),
});

/** `renditions.embed`: public field names only; a private one is refused by name, a typo with "did you mean". */
const embedList = z.array(z.string()).superRefine((names, ctx) => {
  names.forEach((name, i) => {
    if ((PUBLIC_FIELDS as readonly string[]).includes(name)) return;
    const message = (PRIVATE_FIELDS as readonly string[]).includes(name)
      ? `"${name}" is private: it stays in the private record and is never embedded in what is published`
      : `unknown field "${name}"${didYouMean(name, PUBLIC_FIELDS)}`;
    ctx.addIssue({ code: 'custom', path: [i], message });
  });
}) as unknown as z.ZodType<PublicField[]>;

/**
 * The rendition plan (photodesk/renditions' RenditionOptions), checked here so that a typo in a worker's config
 * file is an error at start-up rather than a plan silently left at its default.
 */
export const renditionPlanSchema = z.strictObject({
  widths: z.array(z.number().int().positive().max(16384)).min(1).optional(),
  formats: z.array(format).min(1).optional(),
  encoders: z.strictObject({ avif: encoder.optional(), webp: encoder.optional(), jpeg: encoder.optional() }).optional(),
  crops: z.array(z.strictObject({ name: z.string().regex(/^[a-z0-9_-]{1,32}$/i, 'letters, digits, - and _ (1-32)'), aspect: z.tuple([z.number().positive(), z.number().positive()]) })).optional(),
  fullFrame: z.boolean().optional(),
  position: z.union([z.enum(['attention', 'centre']), z.strictObject({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) })]).optional(),
  background: z.string().optional(),
  keepP3: z.boolean().optional(),
  animated: z.enum(['first-frame', 'refuse']).optional(),
  embed: embedList.optional(),
  deskCopy: z.boolean().optional(),
  metadata: z.strictObject({ caption: z.boolean().optional(), webStatement: z.boolean().optional() }).optional(),
  nameTemplate: z.string().optional(),
  failOn: z.enum(['none', 'truncated', 'error', 'warning']).optional(),
  placeholder: z.enum(['thumbhash', 'blurhash', 'lqip', 'none']).optional(),
  concurrency: z.number().int().positive().optional(),
});

/**
 * Where the desk publishes and keeps its records, as URLs (storage/from-url): a folder (relative to the config
 * file), `file:///srv/photos` or `s3://bucket/prefix`. The CLI's --to and --private override them.
 */
export const storageConfigSchema = z.strictObject({
  public: z.string().min(1).prefault('./photodesk-out'),
  private: z.string().min(1).prefault('./photodesk-private'),
  /** S3-compatible endpoint (MinIO, R2, moto). Default: $S3_ENDPOINT, else AWS. */
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  region: z.string().min(1).optional(),
  pathStyle: z.boolean().optional(),
  /** Attempts per S3 request, retried with backoff on 5xx, throttling and dropped connections. Default: $AWS_MAX_ATTEMPTS, else 5. */
  maxAttempts: z.number().int().min(1).max(100).optional(),
  /** Base of public URLs (a CDN). */
  publicBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
});

/** The job queue (BullMQ on Redis) that workers on any number of machines pull photos from. */
export const queueConfigSchema = z.strictObject({
  /** `redis://[user:password@]host:port/db` or `rediss://` (TLS). */
  url: z.string().refine((u) => /^rediss?:\/\/[^/\s]+(\/\d{1,2})?\/?$/.test(u), { message: 'expected redis://host:port/db or rediss://host:port/db' }),
  /** Queue name: desks sharing one Redis use different names or prefixes. */
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (1-64)').prefault('photodesk'),
  /** Prefix of every Redis key of the queue. */
  prefix: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (1-64)').prefault('photodesk'),
  /** Tries of a job whose failure may pass (a storage outage), with exponential backoff from `backoffMs`. */
  attempts: z.number().int().min(1).max(100).prefault(6),
  backoffMs: z.number().int().min(10).prefault(2000),
  /** How long finished jobs stay visible (status, dashboards): completed, failed. */
  keepCompletedSeconds: z.number().int().nonnegative().prefault(24 * 3600),
  keepFailedSeconds: z.number().int().nonnegative().prefault(7 * 24 * 3600),
  /** A worker holds a job's lock this long between renewals; a job whose worker died is taken over after about this long. */
  lockSeconds: z.number().int().min(1).max(3600).prefault(30),
});

const BYTES = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)\s*$/i;
const UNIT: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** "1.5 GB" in bytes (the schema has checked the form). */
function parseBytes(text: string): number {
  const [, n, unit] = BYTES.exec(text)!;
  return Math.round(Number(n) * UNIT[unit!.toLowerCase()]!);
}

/** The whole configuration of photodesk, as written in photodesk.config.{json,mjs,ts}. */
export const configSchema = z.strictObject({
  /** Public and private storage (URLs). */
  storage: storageConfigSchema.prefault({}),
  /** The rendition plan: widths, formats, encoder settings, crops, placeholder. */
  renditions: renditionPlanSchema.prefault({}),
  /** Key templates (storage/keys): rendition (must hold {render}), manifest ({edition}), pointer ({hash} or {hash12}). */
  keys: z.strictObject({ rendition: z.string().min(1).optional(), manifest: z.string().min(1).optional(), pointer: z.string().min(1).optional() }).prefault({}),
  /** `sizes` of the generated markup. */
  sizes: z.string().min(1).prefault('100vw'),
  /** Photos in flight per process (CLI ingest, workers). Default: half the cores, at least 1. */
  concurrency: z.number().int().positive().optional(),
  /**
   * Decoded image memory the desk lets photos hold at once, in bytes or with a unit ("1.5 GB", "768 MiB"):
   * photos past it wait their turn, and a photo needing more than all of it is DECODE_LIMIT_EXCEEDED.
   * Default: a quarter of the memory the process may use, at least 512 MiB, shared by the process's desks.
   */
  memoryBudget: z
    .union([z.number().int().positive(), z.string().regex(BYTES, { message: 'expected a number of bytes or a size such as "1.5 GB" or "768 MiB"' })])
    .transform((v) => (typeof v === 'number' ? v : parseBytes(v)))
    .optional(),
  /**
   * The desk's catalogue (search, near-duplicates): `{}` for the embedded one in the private folder, or
   * `{ "url": "postgres://user@host/db" }` shared by every worker. Without it, nothing is catalogued.
   */
  catalogue: z
    .strictObject({
      url: z.string().refine((u) => /^(postgres|postgresql):\/\/\S+$/.test(u) || /^pglite:\S*$/.test(u), { message: 'expected postgres://user@host:port/db or pglite:<folder>' }).optional(),
      /** Bits of the 64-bit perceptual hashes that may differ for two photos to count as the same picture. */
      maxDistance: z.number().int().min(0).max(32).prefault(12),
    })
    .optional(),
  /** The job queue; without it, ingest runs in the calling process. */
  queue: queueConfigSchema.optional(),
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
      maxScans: z.number().int().positive().optional(),
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
      lists: z
        .strictObject({
          /**
           * Most items of a list field (keywords, persons shown, locations...) that the public record and the
           * renditions carry: 60,000 keywords do not make a 20 MB manifest. The private record keeps them all.
           */
          maxItems: z.number().int().min(1).prefault(100),
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
/** The queue settings, with defaults filled in. */
export type QueueConfig = z.output<typeof queueConfigSchema>;
/** The storage section, with defaults filled in. */
export type StorageConfig = z.output<typeof storageConfigSchema>;
/** The catalogue section, with defaults filled in. */
export type CatalogueConfig = z.output<typeof configSchema>['catalogue'];
