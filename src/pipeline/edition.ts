import pLimit from 'p-limit';
import type { Policy } from '../config/schema.js';
import { isPhotodeskError } from '../errors.js';
import type { Photo } from '../ingest/types.js';
import type { PhotoMetadata } from '../metadata/types.js';
import { publicRecord } from '../metadata/fields.js';
import { writeJpegMetadata } from '../metadata/write-jpeg.js';
import { altText } from '../rules/alt-text.js';
import type { Finding, Report, SimilarPhoto, Verdict } from '../rules/types.js';
import { validate } from '../rules/validate.js';
import { MIME } from '../renditions/defaults.js';
import { pictureMarkup } from '../renditions/markup.js';
import { makePlaceholder, placeholderSource } from '../renditions/placeholder.js';
import { planRenditions } from '../renditions/plan.js';
import { renderRenditions } from '../renditions/render.js';
import type { Placeholder, PlannedRendition, Rendition, RenditionFormat, RenditionOptions, RenditionPlan } from '../renditions/types.js';
import { renderKey, renditionKey } from '../storage/keys.js';
import { publish, readManifest, readPointer, type Manifest, type ManifestObject, type Pointer } from '../storage/publish.js';
import type { Storage } from '../storage/types.js';
import { hashOf } from '../util/canonical.js';
import { applyPatch, renditionOptionsOf, type EditionPatch, type ParsedPatch } from './patch.js';
import { privateKey, putOnce, writeOnce, type EditionRecord, type HistoryEvent, type PhotoRecord, type PublicFields } from './records.js';

/** What every edition of a desk is made with. */
export interface EditionContext {
  policy: Policy;
  storage: Storage;
  privateStorage: Storage;
  renditions: RenditionOptions;
  templates: { rendition: string; manifest: string; pointer: string };
  sizes: string;
  storeConcurrency: number;
}

/** Options of one ingest. */
export interface IngestCallOptions {
  /** A name for a Buffer or stream (the upload's file name). */
  name?: string;
  /** Publish even when the policy's verdict is `fail`, or the photo was withdrawn (an editor's decision). */
  override?: boolean;
  /** Plan and validate only: nothing is rendered or written. */
  dryRun?: boolean;
  /** Who asked (an editor's name, a feed's id): kept in the photo's private history. */
  by?: string;
  /** Corrections to publish with (over those the photo already has): a caption fixed at upload, a crop. */
  patch?: EditionPatch;
  signal?: AbortSignal;
}

/** One stored or planned rendition as a published record lists it. */
export interface RenditionRecord {
  key: string;
  url: string;
  width: number;
  height: number;
  format: RenditionFormat;
  crop: string | null;
  bytes: number;
}

/** The record of one photo's edition, as an ingest, a correction or a dry run returns it. */
export interface PublishedPhoto {
  /**
   * `published`: a new edition is current; `already-published`: this edition was current already (nothing
   * rendered or written); `rejected`: the policy's verdict is fail (nothing written); `planned`: a dry run.
   */
  status: 'published' | 'already-published' | 'rejected' | 'planned';
  /** The source path or name (never published). */
  file: string | null;
  photoId: string;
  editionId: string;
  /** The edition that was current before (null for a first edition). */
  previousEdition: string | null;
  verdict: Verdict;
  findings: Finding[];
  creditLine: string | null;
  altText: string;
  /** For `rejected`: why publication stopped. */
  reason?: string;
  manifestKey: string;
  manifestUrl: string | null;
  pointerKey: string;
  pointerUrl: string;
  renditions: RenditionRecord[];
  markup: string | null;
  placeholder: Placeholder | null;
  /** Renditions encoded by this call, and renditions taken as stored from an earlier edition. */
  rendered: number;
  reused: number;
}

/** An edition worked out from the original, the corrections and the desk's policy, before anything is written. */
export interface PreparedEdition {
  photo: Photo;
  photoId: string;
  name: string | null;
  keyDate: Date | null;
  metadata: PhotoMetadata;
  patch: ParsedPatch;
  renditionOptions: RenditionOptions;
  report: Report;
  public: PublicFields;
  plan: RenditionPlan;
  keys: string[];
  editionId: string;
  manifestKey: string;
  pointerKey: string;
}

/**
 * The desk copy (renditions.deskCopy): the original JPEG with the edition's corrected record written in, its
 * pixels untouched, kept in the private store beside the edition record. Other formats have none.
 */
async function writeDeskCopy(ctx: EditionContext, prep: PreparedEdition, signal?: AbortSignal): Promise<string | null> {
  if (!ctx.renditions.deskCopy || prep.photo.format !== 'jpeg') return null;
  const key = privateKey.deskCopy(prep.photoId, prep.editionId);
  await putOnce(ctx.privateStorage, key, writeJpegMetadata(prep.photo.bytes, prep.report.fixed), 'image/jpeg', signal);
  return key;
}

/** The date a photo's keys are filed under: its own creation date (from the original), or null. */
export function keyDateOf(metadata: PhotoMetadata): Date | null {
  const d = metadata.dateCreated?.slice(0, 10);
  return d && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d)) ? new Date(`${d}T00:00:00Z`) : null;
}

/**
 * Works out an edition: the corrections applied, the policy's rules and cleaners, the alt text, the plan and
 * every key. Its id is a hash of everything that decides what readers get: the public record and the
 * rendition keys (which carry the hash of what decides each file's bytes).
 */
export function prepareEdition(ctx: EditionContext, input: { photo: Photo; metadata: PhotoMetadata; name: string | null; keyDate: Date | null; patch: ParsedPatch; pointerKey: string; similar?: SimilarPhoto[] }): PreparedEdition {
  const { photo, metadata, name, keyDate, patch, pointerKey } = input;
  const photoId = photo.sha256!;
  const report = validate(applyPatch(metadata, patch), ctx.policy, input.similar?.length ? { similar: input.similar } : {});
  const fixed = report.fixed;
  const renditionOptions = renditionOptionsOf(ctx.renditions, patch);
  const plan = planRenditions(fixed, renditionOptions);
  // The alt text's {width} is the largest full-frame rendition's: the size the markup's fallback names.
  const width = Math.max(0, ...plan.variants.filter((v) => v.crop === null).map((v) => v.width));
  const pub: PublicFields = {
    creditLine: report.creditLine,
    altText: patch.altText ?? altText(fixed, ctx.policy, width > 0 ? { width } : {}),
    caption: fixed.caption,
    headline: fixed.headline,
    creator: fixed.creator,
    copyright: fixed.copyright,
    dateCreated: fixed.dateCreated,
    digitalSourceType: fixed.digitalSourceType,
    iptc: publicRecord(fixed),
  };
  const keys = plan.variants.map((v) => renditionKey(ctx.templates.rendition, { sha256: photoId, name, date: keyDate }, v));
  const editionId = hashOf({ photoId, public: pub, keys: [...keys].sort(), placeholder: plan.options.placeholder, sizes: ctx.sizes }, 16);
  const manifestKey = renderKey(ctx.templates.manifest, { sha256: photoId, name, date: keyDate, edition: editionId });
  return { photo, photoId, name, keyDate, metadata, patch, renditionOptions, report, public: pub, plan, keys, editionId, manifestKey, pointerKey };
}

/** Options of {@link publishEdition}. */
export interface PublishEditionOptions {
  /** The pointer as read before preparing (null: the photo has none yet). */
  current: { pointer: Pointer; version: string } | null;
  action: 'ingest' | 'correct';
  override?: boolean;
  dryRun?: boolean;
  by?: string | null;
  signal?: AbortSignal;
  /** Written to the private store before anything public, on a photo's first publication. */
  firstSeen?: { record: PhotoRecord; original: Buffer };
}

/**
 * Publishes a prepared edition: renders only the renditions no earlier edition stored, stores them, the
 * manifest, then moves the pointer (compare-and-swap from the version read). The private records come
 * first, so whatever reaches the public store is named by a private record (and a withdrawal finds it).
 *
 * @throws `STORAGE_CONFLICT` when another desk moved the pointer since it was read.
 */
export async function publishEdition(ctx: EditionContext, prep: PreparedEdition, options: PublishEditionOptions): Promise<PublishedPhoto> {
  const { storage, privateStorage } = ctx;
  const { report, plan, keys, photoId, editionId, manifestKey, pointerKey } = prep;
  const { signal } = options;
  const sig = signal ? { signal } : undefined;
  const current = options.current;
  const previousEdition = current?.pointer.status === 'published' ? current.pointer.editionId : null;
  const base: PublishedPhoto = {
    status: 'planned',
    file: prep.photo.file,
    photoId,
    editionId,
    previousEdition,
    verdict: report.verdict,
    findings: report.findings,
    creditLine: prep.public.creditLine,
    altText: prep.public.altText,
    manifestKey,
    manifestUrl: null,
    pointerKey,
    pointerUrl: storage.url(pointerKey),
    renditions: [],
    markup: null,
    placeholder: null,
    rendered: 0,
    reused: 0,
  };
  if (report.verdict === 'fail' && !options.override) {
    const errors = report.findings.filter((f) => f.severity === 'error').map((f) => f.message);
    return { ...base, status: 'rejected', reason: errors.join('; ') };
  }
  const planned = plan.variants.map((v, i) => ({ v, key: keys[i]! }));
  if (options.dryRun) {
    return { ...base, renditions: planned.map(({ v, key }) => renditionRecord(storage, key, v, 0)) };
  }

  // Unchanged: the pointer names this very edition. Nothing is rendered or written.
  const previous = current?.pointer.status === 'published' ? await readManifest(storage, current.pointer.manifest, signal) : null;
  if (previous && previousEdition === editionId) return { ...base, ...fromManifest(storage, previous), status: 'already-published', manifestUrl: storage.url(manifestKey) };

  // Renditions an earlier edition stored under the same key (same bytes, by the key's render hash) are reused.
  const known = new Map((previous?.renditions ?? []).map((o) => [o.key, o]));
  const limit = pLimit(ctx.storeConcurrency);
  const present = await Promise.all(
    planned.map((p) => {
      const was = known.get(p.key);
      return was ? limit(async () => (await storage.head(p.key, sig))?.size === was.size) : false;
    }),
  );
  const stored = planned.filter((_, i) => present[i]).map((p) => manifestObject(storage, p.key, known.get(p.key)!.size, known.get(p.key)!.sha256, p.v));
  const missing = planned.filter((_, i) => !present[i]);

  if (options.firstSeen) {
    await privateStorage.put(options.firstSeen.record.originalKey, options.firstSeen.original, { contentType: options.firstSeen.record.mime, cacheControl: 'private, no-store', ...sig });
    await writeOnce(privateStorage, privateKey.photo(photoId), options.firstSeen.record, signal);
  }
  const deskCopyKey = await writeDeskCopy(ctx, prep, signal);
  const record: EditionRecord = {
    photodesk: 2,
    photoId,
    editionId,
    patch: prep.patch,
    renditions: stripRuntime(prep.renditionOptions),
    keys: [...keys, manifestKey],
    manifestKey,
    public: prep.public,
    verdict: report.verdict,
    findings: report.findings,
    metadata: prep.metadata,
    deskCopyKey,
  };
  await writeOnce(privateStorage, privateKey.edition(photoId, editionId), record, signal);

  const rendered: Rendition[] = missing.length > 0 ? await renderRenditions(prep.photo, { ...plan, variants: missing.map((m) => m.v) }) : [];
  signal?.throwIfAborted();
  const keyOfRendered = new Map(rendered.map((r, i) => [r, missing[i]!.key]));
  const placeholder = plan.options.placeholder === 'none' ? null : await placeholderOf(storage, plan, planned, rendered, keyOfRendered, previous, signal);
  const refs = planned.map(({ v, key }) => ({ name: key, width: v.width, height: v.height, format: v.format, crop: v.crop }));
  const markup = pictureMarkup(refs, { alt: prep.public.altText, sizes: ctx.sizes, urlOf: (r) => storage.url(r.name) });
  const embed = { credit: prep.plan.embed.credit ?? '', creator: (prep.plan.embed.creator ?? []).join('; '), copyright: prep.plan.embed.copyright ?? '' };
  const objects = rendered.map((r) => ({
    key: keyOfRendered.get(r)!,
    body: r.body,
    contentType: r.contentType,
    metadata: Object.fromEntries(Object.entries(embed).filter(([, v]) => v !== '')),
    info: { width: r.width, height: r.height, format: r.format, crop: r.crop },
  }));
  const at = new Date().toISOString();
  try {
    await publish(storage, photoId, objects, {
      manifestKey,
      stored,
      concurrency: ctx.storeConcurrency,
      pointer: { key: pointerKey, expected: current?.version ?? null, updatedAt: at },
      ...(signal ? { signal } : {}),
      manifest: { editionId, ...prep.public, markup, placeholder },
    });
  } catch (e) {
    // Our own edition may have been made current by a concurrent ingest of the same photo: that is success.
    if (!isPhotodeskError(e, 'STORAGE_CONFLICT')) throw e;
    const now = await readPointer(storage, pointerKey, signal);
    if (now?.pointer.status !== 'published' || now.pointer.editionId !== editionId) throw e;
    const m = await readManifest(storage, manifestKey, signal);
    if (!m) throw e;
    return { ...base, ...fromManifest(storage, m), status: 'already-published', manifestUrl: storage.url(manifestKey) };
  }
  const event: HistoryEvent = { photodesk: 2, at, action: options.action, photoId, editionId, previousEdition, by: options.by ?? null, ...(Object.keys(prep.patch).length ? { patch: prep.patch } : {}), ...(options.override ? { override: true } : {}) };
  await writeOnce(privateStorage, privateKey.event(photoId, at, options.action), event, signal);
  const sizes = new Map([...stored.map((o) => [o.key, o.size] as const), ...objects.map((o) => [o.key, o.body.length] as const)]);
  return {
    ...base,
    status: 'published',
    manifestUrl: storage.url(manifestKey),
    renditions: planned.map(({ v, key }) => renditionRecord(storage, key, v, sizes.get(key) ?? 0)),
    markup,
    placeholder,
    rendered: rendered.length,
    reused: stored.length,
  };
}

/** A rendition as a published record lists it. */
function renditionRecord(storage: Storage, key: string, v: Pick<PlannedRendition, 'width' | 'height' | 'format' | 'crop'>, bytes: number): RenditionRecord {
  return { key, url: storage.url(key), width: v.width, height: v.height, format: v.format, crop: v.crop, bytes };
}

/** A manifest's entry for a rendition, fields in one order so manifests of one edition are byte-identical. */
function manifestObject(storage: Storage, key: string, size: number, sha256: string, v: Pick<PlannedRendition, 'width' | 'height' | 'format' | 'crop'>): ManifestObject {
  return { key, url: storage.url(key), size, sha256, contentType: MIME[v.format], width: v.width, height: v.height, format: v.format, crop: v.crop };
}

/** The record parts a stored manifest gives back (an unchanged re-ingest). */
function fromManifest(storage: Storage, m: Manifest): Pick<PublishedPhoto, 'renditions' | 'markup' | 'placeholder'> {
  return {
    renditions: m.renditions.map((o) => renditionRecord(storage, o.key, { width: Number(o.width), height: Number(o.height), format: o.format as RenditionFormat, crop: (o.crop as string | null) ?? null }, o.size)),
    markup: typeof m.markup === 'string' ? m.markup : null,
    placeholder: (m.placeholder as Placeholder | null) ?? null,
  };
}

/**
 * The placeholder, made from the smallest full-frame rendition: taken from the previous edition when that
 * file is the same one, else from its bytes (rendered now, or read back: a few kilobytes).
 */
async function placeholderOf(
  storage: Storage,
  plan: RenditionPlan,
  planned: { v: PlannedRendition; key: string }[],
  rendered: Rendition[],
  keyOf: Map<Rendition, string>,
  previous: Manifest | null,
  signal?: AbortSignal,
): Promise<Placeholder> {
  const kind = plan.options.placeholder as Placeholder['kind'];
  const smallest = placeholderSource(planned.map((p) => ({ ...p.v, key: p.key })))!;
  const prevSmallest = placeholderSource((previous?.renditions ?? []).map((o) => ({ key: o.key, width: Number(o.width), format: o.format as RenditionFormat, crop: (o.crop as string | null | undefined) ?? null })));
  const prevPlaceholder = previous?.placeholder as Placeholder | null | undefined;
  if (prevSmallest?.key === smallest.key && prevPlaceholder?.kind === kind) return prevPlaceholder;
  const own = rendered.find((r) => keyOf.get(r) === smallest.key);
  const body = own?.body ?? (await storage.get(smallest.key, signal ? { signal } : undefined));
  return makePlaceholder([{ name: smallest.key, width: smallest.width, height: smallest.height, format: smallest.format, crop: smallest.crop, bytes: body.length, body, contentType: MIME[smallest.format] }], kind);
}

/** Rendition options as kept in a record: the per-process settings (encodes in flight) are not the edition's. */
function stripRuntime(o: RenditionOptions): RenditionOptions {
  const { concurrency: _concurrency, ...rest } = o;
  return rest;
}
