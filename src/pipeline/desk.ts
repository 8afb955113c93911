import path from 'node:path';
import { resolvePolicy } from '../config/load.js';
import type { PhotodeskConfig, Policy } from '../config/schema.js';
import { openPhoto } from '../ingest/open.js';
import type { IngestLimits, PhotoSource } from '../ingest/types.js';
import { readMetadata } from '../metadata/read.js';
import { altText } from '../rules/alt-text.js';
import type { Finding, Verdict } from '../rules/types.js';
import { validate } from '../rules/validate.js';
import { pictureMarkup } from '../renditions/markup.js';
import { makePlaceholder } from '../renditions/placeholder.js';
import { planRenditions } from '../renditions/plan.js';
import { renderRenditions } from '../renditions/render.js';
import type { Placeholder, RenditionOptions } from '../renditions/types.js';
import { DEFAULT_KEY_TEMPLATE, renderKey } from '../storage/keys.js';
import { createLocalStorage } from '../storage/local.js';
import { publish } from '../storage/publish.js';
import type { Storage } from '../storage/types.js';
import { ingestMany, type IngestEvent, type IngestManyOptions } from './many.js';

/** What a desk is made of. Every part has a default, so `createDesk()` publishes to ./photodesk-out. */
export interface DeskConfig {
  /** The policy: a config object (validated) or a resolved Policy. */
  policy?: PhotodeskConfig | Policy;
  /** Where renditions go. Default: a local folder, ./photodesk-out. */
  storage?: Storage;
  renditions?: RenditionOptions;
  /** Rendition key template (storage/keys). Default "{yyyy}/{mm}/{hash12}/{slug}-{width}.{ext}" (the photo's date). */
  keyTemplate?: string;
  /** Manifest key template. Default "{yyyy}/{mm}/{hash12}/manifest.json". */
  manifestKeyTemplate?: string;
  /** `sizes` of the generated markup. Default "100vw". */
  sizes?: string;
  /** Objects stored at once per photo. Default 4. */
  storeConcurrency?: number;
}

/** Options of one ingest. */
export interface IngestCallOptions {
  /** A name for a Buffer or stream (the upload's file name). */
  name?: string;
  /** Publish even when the policy's verdict is `fail` (an editor's decision). */
  override?: boolean;
  /** Plan and validate only: nothing is rendered or written. */
  dryRun?: boolean;
  signal?: AbortSignal;
}

/** The published record of one photo. */
export interface PublishedPhoto {
  status: 'published' | 'already-published' | 'rejected' | 'planned';
  file: string | null;
  photoId: string;
  verdict: Verdict;
  findings: Finding[];
  creditLine: string | null;
  altText: string;
  /** For `rejected`: why publication stopped. */
  reason?: string;
  manifestKey: string;
  manifestUrl: string | null;
  renditions: { key: string; url: string; width: number; height: number; format: string; bytes: number }[];
  markup: string | null;
  placeholder: Placeholder | null;
}

/** A desk: one photo in, renditions, markup and a manifest out. */
export interface Desk {
  readonly policy: Policy;
  readonly storage: Storage;
  ingest(source: PhotoSource, options?: IngestCallOptions): Promise<PublishedPhoto>;
  /** Many photos (paths), with progress events and a journal for resuming: see {@link ingestMany}. */
  ingestMany(sources: AsyncIterable<string> | Iterable<string>, options?: IngestManyOptions): AsyncGenerator<IngestEvent>;
}

/**
 * Composes the stages for one photo: ingest (type, limits, hash), metadata, rules (a `fail` verdict stops
 * publication unless overridden), renditions, storage (renditions first, the manifest last).
 */
export function createDesk(config: DeskConfig = {}): Desk {
  const policy = isPolicy(config.policy) ? config.policy : resolvePolicy(config.policy ?? {});
  const storage = config.storage ?? createLocalStorage({ dir: path.resolve('photodesk-out') });
  const keyTemplate = config.keyTemplate ?? DEFAULT_KEY_TEMPLATE;
  const manifestTemplate = config.manifestKeyTemplate ?? '{yyyy}/{mm}/{hash12}/manifest.json';
  const limits: Partial<IngestLimits> = policy.limits;

  async function ingest(source: PhotoSource, options: IngestCallOptions = {}): Promise<PublishedPhoto> {
    options.signal?.throwIfAborted();
    const photo = await openPhoto(source, { limits, ...(options.name ? { name: options.name } : {}) });
    const metadata = await readMetadata(photo, { legacyCharset: policy.legacyCharset });
    const report = validate(metadata, policy);
    const fixed = report.fixed;
    const date = fixed.dateCreated && !Number.isNaN(Date.parse(fixed.dateCreated.slice(0, 10))) ? new Date(fixed.dateCreated.slice(0, 10) + 'T00:00:00Z') : null;
    const name = options.name ?? photo.file;
    const manifestKey = renderKey(manifestTemplate, { sha256: photo.sha256!, name, date });
    const alt = altText(fixed, policy, {});
    const base: PublishedPhoto = {
      status: 'planned',
      file: photo.file,
      photoId: photo.sha256!,
      verdict: report.verdict,
      findings: report.findings,
      creditLine: report.creditLine,
      altText: alt,
      manifestKey,
      manifestUrl: null,
      renditions: [],
      markup: null,
      placeholder: null,
    };
    if (report.verdict === 'fail' && !options.override) {
      const errors = report.findings.filter((f) => f.severity === 'error').map((f) => f.message);
      return { ...base, status: 'rejected', reason: errors.join('; ') };
    }
    const plan = planRenditions(fixed, config.renditions);
    if (options.dryRun) {
      return { ...base, renditions: plan.variants.map((v) => ({ key: renderKey(keyTemplate, { sha256: photo.sha256!, name, width: v.width, ext: v.name.split('.').pop()!, format: v.format, date }), url: '', width: v.width, height: v.height, format: v.format, bytes: 0 })) };
    }
    const renditions = await renderRenditions(photo, plan);
    options.signal?.throwIfAborted();
    const keyOf = new Map(renditions.map((r) => [r, renderKey(keyTemplate, { sha256: photo.sha256!, name, width: r.crop ? `${r.width}-${r.crop.replace(/[^a-z0-9]+/gi, 'x')}` : r.width, ext: r.name.split('.').pop()!, format: r.format, date })]));
    const placeholder = plan.options.placeholder === 'none' ? null : await makePlaceholder(renditions, plan.options.placeholder);
    const markup = pictureMarkup(renditions, { alt, sizes: config.sizes ?? '100vw', urlOf: (r) => storage.url(keyOf.get(r)!) });
    const embed = { credit: fixed.credit ?? '', creator: fixed.creator.join('; '), copyright: fixed.copyright ?? '' };
    const objects = renditions.map((r) => ({
      key: keyOf.get(r)!,
      body: r.body,
      contentType: r.contentType,
      metadata: Object.fromEntries(Object.entries(embed).filter(([, v]) => v !== '')),
      info: { width: r.width, height: r.height, format: r.format, crop: r.crop },
    }));
    const result = await publish(storage, photo.sha256!, objects, {
      manifestKey,
      concurrency: config.storeConcurrency ?? 4,
      ...(options.signal ? { signal: options.signal } : {}),
      manifest: { file: name ? path.basename(name) : null, creditLine: report.creditLine, altText: alt, verdict: report.verdict, findings: report.findings, markup, placeholder, metadata: fixed },
    });
    return {
      ...base,
      status: result.status,
      manifestUrl: result.manifestUrl,
      renditions: renditions.map((r) => ({ key: keyOf.get(r)!, url: storage.url(keyOf.get(r)!), width: r.width, height: r.height, format: r.format, bytes: r.bytes })),
      markup,
      placeholder,
    };
  }

  const desk: Desk = { policy, storage, ingest, ingestMany: (sources, options) => ingestMany(desk, sources, options) };
  return desk;
}

function isPolicy(v: unknown): v is Policy {
  return typeof v === 'object' && v !== null && 'rules' in v && Array.isArray((v as Policy).rules?.custom) && typeof (v as Policy).rules?.credit?.template === 'string' && 'legacyCharset' in v && typeof (v as Policy).site === 'string';
}
