import path from 'node:path';
import { resolvePolicy } from '../config/resolve.js';
import type { PhotodeskConfig, Policy } from '../config/schema.js';
import { PhotodeskError } from '../errors.js';
import { openPhoto } from '../ingest/open.js';
import type { IngestLimits, Photo, PhotoSource } from '../ingest/types.js';
import { readMetadata } from '../metadata/read.js';
import type { RenditionOptions } from '../renditions/types.js';
import { checkTemplate, DEFAULT_KEY_TEMPLATE, DEFAULT_MANIFEST_TEMPLATE, DEFAULT_POINTER_TEMPLATE, renderKey } from '../storage/keys.js';
import { createLocalStorage } from '../storage/local.js';
import { readManifest, readPointer, type Pointer } from '../storage/publish.js';
import type { Storage } from '../storage/types.js';
import { hashOf } from '../util/canonical.js';
import { perceptualHash } from '../renditions/phash.js';
import { decodableBytes } from '../renditions/heic.js';
import type { SimilarPhoto } from '../rules/types.js';
import { entryOf } from './catalogue/entry.js';
import type { Catalogue, SearchPage, SearchQuery } from './catalogue/types.js';
import { keyDateOf, prepareEdition, publishEdition, type EditionContext, type IngestCallOptions, type PreparedEdition, type PublishedPhoto } from './edition.js';
import { ingestMany, type IngestEvent, type IngestManyOptions } from './many.js';
import { mergePatch, parsePatch, type EditionPatch, type ParsedPatch } from './patch.js';
import { privateKey, readAll, readRecord, resolvePhotoId, writeOnce, type EditionRecord, type HistoryEvent, type PhotoRecord } from './records.js';
import { pick } from '../util/pick.js';
import { createMemoryBudget, decodeCost, sharedMemoryBudget, type MemoryBudget } from './memory-budget.js';

/** What a desk is made of. Every part has a default, so `createDesk()` publishes to ./photodesk-out. */
export interface DeskConfig {
  /** The policy: a config object (validated) or a resolved Policy. */
  policy?: PhotodeskConfig | Policy;
  /** Where renditions, edition manifests and pointers go: the public store. Default: ./photodesk-out. */
  storage?: Storage;
  /**
   * Where the desk keeps what is never published: originals, full metadata, findings, source names and the
   * history of each photo. Default: ./photodesk-private (never inside the public folder). On S3, use another
   * bucket or a prefix that is not public.
   */
  privateStorage?: Storage;
  renditions?: RenditionOptions;
  /** Rendition key template (storage/keys); must hold {render}. Default "{yyyy}/{mm}/{hash12}/{slug}-{width}{crop}-{render}.{ext}". */
  keyTemplate?: string;
  /** Edition manifest key template; must hold {edition}. Default "{yyyy}/{mm}/{hash12}/edition-{edition}.json". */
  manifestKeyTemplate?: string;
  /** Pointer key template; must hold {hash} or {hash12}. Default "{yyyy}/{mm}/{hash12}/current.json". */
  pointerKeyTemplate?: string;
  /** `sizes` of the generated markup. Default "100vw". */
  sizes?: string;
  /** Objects stored at once per photo. Default 4. */
  storeConcurrency?: number;
  /**
   * The desk's catalogue (search, near-duplicates): kept up to date by every ingest, correction and
   * withdrawal. Optional: a desk without one publishes the same, and `photodesk catalogue rebuild` makes one.
   */
  catalogue?: Catalogue;
  /**
   * The decoded image memory photos may hold at once (see {@link MemoryBudget}): one budget shared by
   * several desks keeps their sum under it. Default: the policy's `memoryBudget`, else the process-wide
   * budget ({@link sharedMemoryBudget}).
   */
  memoryBudget?: MemoryBudget;
}

/** Options of a correction. */
export interface CorrectOptions {
  /** Publish even when the corrected photo fails the policy. */
  override?: boolean;
  by?: string;
  signal?: AbortSignal;
}

/** What a withdrawal did. */
export interface WithdrawResult {
  photoId: string;
  status: 'withdrawn';
  /** Public objects deleted (renditions and manifests of every edition). */
  deleted: number;
  pointerKey: string;
  pointerUrl: string;
}

/** Everything the desk keeps about a photo (private). */
export interface PhotoHistory {
  photo: PhotoRecord;
  /** The public pointer: current edition, or the tombstone. */
  pointer: Pointer | null;
  editions: EditionRecord[];
  history: HistoryEvent[];
}

/** A desk: photos in; renditions, markup, editions and their pointers out; corrections and kills after. */
export interface Desk {
  readonly policy: Policy;
  readonly storage: Storage;
  readonly privateStorage: Storage;
  /** A hash of the settings that decide editions (policy, plan, templates): the bulk journal keys on it. */
  readonly fingerprint: string;
  /** The catalogue, when the desk has one. */
  readonly catalogue: Catalogue | null;
  /**
   * Published and withdrawn photos matching a query, newest first (one page; pass `next` as `cursor`).
   * @throws `INVALID_CONFIG` when the desk has no catalogue; `INVALID_QUERY`.
   */
  search(query: SearchQuery): Promise<SearchPage>;
  /**
   * Publishes a photo: its first edition, or a new edition when the policy or plan changed since (corrections
   * made earlier are kept), or nothing when the current edition is the same (`already-published`).
   * @throws `PHOTO_WITHDRAWN` for a withdrawn photo's bytes (unless `override`), and the stages' errors.
   */
  ingest(source: PhotoSource, options?: IngestCallOptions): Promise<PublishedPhoto>;
  /**
   * Corrects a published photo: a new edition from the archived original with the patch applied, rendering
   * only what the patch changes, then the pointer moved. The old edition stays intact.
   * @throws `PHOTO_NOT_FOUND`, `PHOTO_WITHDRAWN`, `INVALID_PATCH`, `STORAGE_CONFLICT` (another desk moved the pointer first: retry).
   */
  correct(photoId: string, patch: EditionPatch, options?: CorrectOptions): Promise<PublishedPhoto>;
  /**
   * Withdraws (kills) a photo: the pointer becomes a tombstone (with the reason and time), then every public
   * object of every edition is deleted. Running it again finishes an interrupted withdrawal.
   * @throws `PHOTO_NOT_FOUND`
   */
  withdraw(photoId: string, options: { reason: string; by?: string; signal?: AbortSignal }): Promise<WithdrawResult>;
  /** The private record of a photo: its editions and history. @throws `PHOTO_NOT_FOUND` */
  history(photoId: string): Promise<PhotoHistory>;
  /** Releases what the desk holds open: its catalogue's database. */
  close(): Promise<void>;
  /** Many photos (paths), with progress events and a journal for resuming: see {@link ingestMany}. */
  ingestMany(sources: AsyncIterable<string> | Iterable<string>, options?: IngestManyOptions): AsyncGenerator<IngestEvent>;
}

/** The key photodesk 0.1 stored a photo's only manifest under (its default template). */
const LEGACY_MANIFEST_TEMPLATE = '{yyyy}/{mm}/{hash12}/manifest.json';

/**
 * Composes the stages for one photo: ingest (type, limits, hash), metadata, rules (a `fail` verdict stops
 * publication unless overridden), renditions, storage (renditions, the edition's manifest, the pointer last),
 * and keeps the private record of each edition.
 */
export function createDesk(config: DeskConfig = {}): Desk {
  const policy = isPolicy(config.policy) ? config.policy : resolvePolicy(config.policy ?? {});
  const storage = config.storage ?? createLocalStorage({ dir: path.resolve('photodesk-out') });
  const privateStorage = config.privateStorage ?? createLocalStorage({ dir: path.resolve('photodesk-private') });
  // What the call gives wins over the policy file's plan, templates and sizes.
  const templates = {
    rendition: config.keyTemplate ?? policy.keys.rendition ?? DEFAULT_KEY_TEMPLATE,
    manifest: config.manifestKeyTemplate ?? policy.keys.manifest ?? DEFAULT_MANIFEST_TEMPLATE,
    pointer: config.pointerKeyTemplate ?? policy.keys.pointer ?? DEFAULT_POINTER_TEMPLATE,
  };
  checkTemplate('rendition', templates.rendition);
  checkTemplate('manifest', templates.manifest);
  checkTemplate('pointer', templates.pointer);
  if (storage === privateStorage) throw new PhotodeskError('INVALID_CONFIG', 'privateStorage must not be the public storage: originals and private records would be published');
  const renditions = config.renditions ?? (policy.renditions as RenditionOptions);
  const ctx: EditionContext = { policy, storage, privateStorage, renditions, templates, sizes: config.sizes ?? policy.sizes, storeConcurrency: config.storeConcurrency ?? 4 };
  const limits: Partial<IngestLimits> = policy.limits;
  const catalogue = config.catalogue ?? null;
  const budget = config.memoryBudget ?? (policy.memoryBudget ? createMemoryBudget(policy.memoryBudget) : sharedMemoryBudget());
  // Where things are stored and how many run at once decide no edition: they stay out of the fingerprint.
  const { storage: _s, queue: _q, concurrency: _c, memoryBudget: _m, renditions: _r, keys: _k, sizes: _z, catalogue: _cat, ...rules } = policy;
  const fingerprint = hashOf({ policy: rules, renditions: ctx.renditions, templates, sizes: ctx.sizes }, 16);

  /** The current edition's corrections (kept across re-ingests). */
  async function currentPatch(photoId: string, pointer: Pointer | null, signal?: AbortSignal): Promise<ParsedPatch> {
    if (pointer?.status !== 'published') return {};
    const rec = await readRecord<EditionRecord>(privateStorage, privateKey.edition(photoId, pointer.editionId), signal);
    return rec?.patch ?? {};
  }

  async function ingest(source: PhotoSource, options: IngestCallOptions = {}): Promise<PublishedPhoto> {
    const { signal } = options;
    signal?.throwIfAborted();
    const photo = await openPhoto(source, { limits, ...(options.name ? { name: options.name } : {}) });
    // Admitted by its decoded size before anything decodes it (the perceptual hash, the renditions).
    const release = await budget.admit(decodeCost(photo), { file: photo.file, ...(signal ? { signal } : {}) });
    try {
      return await ingestOpened(photo, source, options);
    } finally {
      release();
    }
  }

  async function ingestOpened(photo: Photo, source: PhotoSource, options: IngestCallOptions): Promise<PublishedPhoto> {
    const { signal } = options;
    const photoId = photo.sha256!;
    const [known, metadata] = await Promise.all([readRecord<PhotoRecord>(privateStorage, privateKey.photo(photoId), signal), readMetadata(photo, { legacyCharset: policy.legacyCharset })]);
    // A photo's name, date and pointer are fixed at its first ingest, so its keys never move.
    const keyDate = known ? (known.keyDate ? new Date(known.keyDate) : null) : keyDateOf(metadata);
    const name = known ? known.name : (options.name ?? photo.file);
    const pointerKey = known?.pointerKey ?? renderKey(templates.pointer, { sha256: photoId, name, date: keyDate });
    const current = await readPointer(storage, pointerKey, signal);
    if (current?.pointer.status === 'withdrawn' && !options.override) {
      throw new PhotodeskError('PHOTO_WITHDRAWN', `${photo.file ?? 'The photo'} was withdrawn on ${current.pointer.withdrawnAt}: ${current.pointer.reason}`, { file: photo.file });
    }
    const kept = await currentPatch(photoId, current?.pointer ?? null, signal);
    const patch = options.patch ? mergePatch(kept, parsePatch(options.patch)) : kept;
    // The perceptual hash is made once, at a photo's first ingest, and kept in its record.
    const phash = known ? (known.phash ?? null) : await perceptualHash(await decodableBytes(photo)).catch(() => null);
    const similar = await similarTo(phash, photoId);
    const prep = prepareEdition(ctx, { photo, metadata, name, keyDate, patch, pointerKey, similar });
    const firstSeen = known
      ? undefined
      : {
          original: photo.bytes,
          record: {
            photodesk: 2 as const,
            photoId,
            name: name ? path.basename(name) : null,
            source: typeof source === 'string' ? path.resolve(source) : null,
            format: photo.format,
            mime: photo.mime,
            bytes: photo.size,
            originalKey: privateKey.original(photoId),
            pointerKey,
            keyDate: keyDate?.toISOString() ?? null,
            firstIngestedAt: new Date().toISOString(),
            phash,
          },
        };
    const result = await publishEdition(ctx, prep, { current, action: 'ingest', ...pick(options, ['override', 'dryRun', 'by', 'signal']), ...(firstSeen ? { firstSeen } : {}) });
    await catalogued(prep, result, name ? path.basename(name) : null, phash);
    return result;
  }

  /** Earlier photos that look like this one (none without a catalogue or a hash). */
  async function similarTo(phash: string | null, photoId: string): Promise<SimilarPhoto[]> {
    if (!catalogue || !phash) return [];
    const found = await catalogue.nearest(phash, { maxDistance: policy.catalogue?.maxDistance ?? 12, exclude: photoId, limit: 3 });
    return found.map((m) => ({ photoId: m.photoId, distance: m.distance, credit: m.entry.creditLine ?? m.entry.credit, url: m.entry.manifestUrl, status: m.entry.status }));
  }

  /** Keeps the catalogue in step with a publication (an unchanged edition is not written again). */
  async function catalogued(prep: PreparedEdition, result: PublishedPhoto, name: string | null, phash: string | null): Promise<void> {
    if (!catalogue || (result.status !== 'published' && result.status !== 'already-published')) return;
    if (result.status === 'already-published' && (await catalogue.get(result.photoId))?.editionId === result.editionId) return;
    await catalogue.put(
      entryOf({ ...prep, status: 'published', name, phash, verdict: prep.report.verdict, findings: prep.report.findings, manifestUrl: result.manifestUrl, pointerUrl: result.pointerUrl, publishedAt: new Date().toISOString(), renditions: result.renditions }),
    );
  }

  async function photoRecord(id: string, signal?: AbortSignal): Promise<PhotoRecord> {
    const photoId = await resolvePhotoId(privateStorage, id, signal);
    const rec = await readRecord<PhotoRecord>(privateStorage, privateKey.photo(photoId), signal);
    if (!rec) throw new PhotodeskError('PHOTO_NOT_FOUND', `No photo ${photoId} in the private store (${privateStorage.name})`);
    return rec;
  }

  async function correct(id: string, patchInput: EditionPatch, options: CorrectOptions = {}): Promise<PublishedPhoto> {
    const { signal } = options;
    const patch = parsePatch(patchInput);
    const rec = await photoRecord(id, signal);
    const current = await readPointer(storage, rec.pointerKey, signal);
    if (current?.pointer.status === 'withdrawn') {
      throw new PhotodeskError('PHOTO_WITHDRAWN', `Photo ${rec.photoId} was withdrawn on ${current.pointer.withdrawnAt}: ${current.pointer.reason}; it cannot be corrected`);
    }
    const merged = mergePatch(await currentPatch(rec.photoId, current?.pointer ?? null, signal), patch);
    const photo = await openPhoto(await privateStorage.get(rec.originalKey, signal ? { signal } : undefined), { limits, ...(rec.name ? { name: rec.name } : {}) });
    if (photo.sha256 !== rec.photoId) throw new PhotodeskError('CORRUPT_IMAGE', `The archived original of ${rec.photoId} no longer matches its hash`, { hint: 'Restore the private store from a backup, or ingest the original again.' });
    const release = await budget.admit(decodeCost(photo), { file: rec.name, ...(signal ? { signal } : {}) });
    try {
      return await correctOpened(rec, photo, merged, current, options);
    } finally {
      release();
    }
  }

  async function correctOpened(rec: PhotoRecord, photo: Photo, merged: ParsedPatch, current: Awaited<ReturnType<typeof readPointer>>, options: CorrectOptions): Promise<PublishedPhoto> {
    const metadata = await readMetadata(photo, { legacyCharset: policy.legacyCharset });
    const similar = await similarTo(rec.phash ?? null, rec.photoId);
    const prep = prepareEdition(ctx, { photo, metadata, name: rec.name, keyDate: rec.keyDate ? new Date(rec.keyDate) : null, patch: merged, pointerKey: rec.pointerKey, similar });
    const result = await publishEdition(ctx, prep, { current, action: 'correct', ...pick(options, ['override', 'by', 'signal']) });
    await catalogued(prep, result, rec.name, rec.phash ?? null);
    return result;
  }

  async function withdraw(id: string, options: { reason: string; by?: string; signal?: AbortSignal }): Promise<WithdrawResult> {
    const { signal } = options;
    const sig = signal ? { signal } : undefined;
    const reason = options.reason?.trim();
    if (!reason) throw new PhotodeskError('INVALID_PATCH', 'A withdrawal needs a reason (an agency kill notice, a legal request...)');
    const rec = await photoRecord(id, signal);
    const current = await readPointer(storage, rec.pointerKey, signal);
    const at = new Date().toISOString();
    // The tombstone first: readers stop at once; the deletions after it can be finished by a re-run.
    if (current?.pointer.status !== 'withdrawn') {
      const tombstone: Pointer = { photodesk: 2, photoId: rec.photoId, status: 'withdrawn', reason, withdrawnAt: at };
      await storage.swap(rec.pointerKey, Buffer.from(JSON.stringify(tombstone, null, 2) + '\n'), { contentType: 'application/json', expected: current?.version ?? null, ...sig });
    }
    const editions = await readAll<EditionRecord>(privateStorage, privateKey.editions(rec.photoId), signal);
    const keys = new Set(editions.flatMap((e) => e.keys));
    // A set published by photodesk 0.1 (one manifest.json, no editions) goes too.
    const legacyKey = renderKey(LEGACY_MANIFEST_TEMPLATE, { sha256: rec.photoId, date: rec.keyDate ? new Date(rec.keyDate) : null });
    const legacy = await readManifest(storage, legacyKey, signal);
    if (legacy?.photoId === rec.photoId) for (const k of [...legacy.renditions.map((o) => o.key), legacyKey]) keys.add(k);
    let deleted = 0;
    for (const k of keys) {
      if (!(await storage.head(k, sig))) continue;
      await storage.delete(k, sig);
      deleted++;
    }
    if (current?.pointer.status !== 'withdrawn') {
      const event: HistoryEvent = { photodesk: 2, at, action: 'withdraw', photoId: rec.photoId, editionId: null, previousEdition: current?.pointer.status === 'published' ? current.pointer.editionId : null, by: options.by ?? null, reason };
      await writeOnce(privateStorage, privateKey.event(rec.photoId, at, 'withdraw'), event, signal);
    }
    const entry = await catalogue?.get(rec.photoId);
    if (catalogue && entry && entry.status !== 'withdrawn') await catalogue.put({ ...entry, status: 'withdrawn', editionId: null, manifestUrl: null, thumbnailUrl: null, publishedAt: at });
    return { photoId: rec.photoId, status: 'withdrawn', deleted, pointerKey: rec.pointerKey, pointerUrl: storage.url(rec.pointerKey) };
  }

  async function history(id: string): Promise<PhotoHistory> {
    const photo = await photoRecord(id);
    const [pointer, editions, events] = await Promise.all([
      readPointer(storage, photo.pointerKey),
      readAll<EditionRecord>(privateStorage, privateKey.editions(photo.photoId)),
      readAll<HistoryEvent>(privateStorage, privateKey.history(photo.photoId)),
    ]);
    return { photo, pointer: pointer?.pointer ?? null, editions, history: events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)) };
  }

  async function search(query: SearchQuery): Promise<SearchPage> {
    if (!catalogue) throw new PhotodeskError('INVALID_CONFIG', 'This desk has no catalogue: add "catalogue": {} (embedded) or { "url": "postgres://…" } to the config, then run photodesk catalogue rebuild');
    return catalogue.search(query);
  }

  let closed: Promise<void> | null = null;
  const close = () => (closed ??= catalogue ? catalogue.close() : Promise.resolve());
  const desk: Desk = { policy, storage, privateStorage, fingerprint, catalogue, search, ingest, correct, withdraw, history, close, ingestMany: (sources, options) => ingestMany(desk, sources, options) };
  return desk;
}

function isPolicy(v: unknown): v is Policy {
  return typeof v === 'object' && v !== null && 'rules' in v && Array.isArray((v as Policy).rules?.custom) && typeof (v as Policy).rules?.credit?.template === 'string' && 'legacyCharset' in v && typeof (v as Policy).site === 'string';
}

export type { IngestCallOptions, PublishedPhoto } from './edition.js';
