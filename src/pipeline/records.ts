import { isPhotodeskError, PhotodeskError } from '../errors.js';
import type { PhotoMetadata } from '../metadata/types.js';
import type { PublicRecord } from '../metadata/fields.js';
import type { RenditionOptions } from '../renditions/types.js';
import type { Finding, Verdict } from '../rules/types.js';
import type { Storage } from '../storage/types.js';
import type { ParsedPatch } from './patch.js';

/*
 * The private store: what the desk keeps and never publishes. Layout (keys under the private storage):
 *
 *   originals/{id:2}/{id}                    the original bytes, once per photo (content-addressed)
 *   photos/{id}/photo.json                   the photo: source name and path, format, where its pointer is
 *   photos/{id}/editions/{editionId}.json    one per edition: full metadata, findings, patch, plan, keys
 *   photos/{id}/editions/{editionId}.jpg     with renditions.deskCopy: the original with the corrected record
 *   photos/{id}/history/{time}-{action}.json who did what when (ingest, correct, withdraw)
 *
 * Everything but history is written once and never changed; history entries are added, never rewritten.
 */

/** Keys of the private store. */
export const privateKey = {
  original: (id: string) => `originals/${id.slice(0, 2)}/${id}`,
  photo: (id: string) => `photos/${id}/photo.json`,
  editions: (id: string) => `photos/${id}/editions/`,
  edition: (id: string, editionId: string) => `photos/${id}/editions/${editionId}.json`,
  deskCopy: (id: string, editionId: string) => `photos/${id}/editions/${editionId}.jpg`,
  history: (id: string) => `photos/${id}/history/`,
  event: (id: string, at: string, action: string) => `photos/${id}/history/${at.replace(/[:.]/g, '-')}-${action}-${Math.random().toString(36).slice(2, 8)}.json`,
};

/** What the desk keeps about a photo from its first ingest. */
export interface PhotoRecord {
  photodesk: 2;
  photoId: string;
  /** The file name it arrived under (keys are made from it). */
  name: string | null;
  /** The full source path on the machine that ingested it, when it came from a path. */
  source: string | null;
  format: string;
  mime: string;
  bytes: number;
  originalKey: string;
  /** The public key of its pointer (fixed for the photo's life). */
  pointerKey: string;
  /** The date its keys are filed under (the source's own date), ISO, or null. */
  keyDate: string | null;
  firstIngestedAt: string;
  /** 64-bit perceptual hash (16 hex digits), for near-duplicates; absent in records of photodesk 0.2. */
  phash?: string | null;
}

/** The public fields of an edition (what its manifest carries besides renditions, markup and placeholder). */
export interface PublicFields {
  creditLine: string | null;
  altText: string;
  caption: string | null;
  headline: string | null;
  creator: string[];
  copyright: string | null;
  dateCreated: string | null;
  digitalSourceType: string | null;
  /** Every public field of the corrected record that has a value (the field table's public rows). */
  iptc: PublicRecord;
}

/** What the desk keeps about one edition. */
export interface EditionRecord {
  photodesk: 2;
  photoId: string;
  editionId: string;
  /** Every correction so far, merged: re-ingests and later corrections start from it. */
  patch: ParsedPatch;
  renditions: RenditionOptions;
  /** Every public key this edition names (renditions and manifest): what a withdrawal deletes. */
  keys: string[];
  manifestKey: string;
  public: PublicFields;
  verdict: Verdict;
  findings: Finding[];
  /** The full metadata record as read from the original (GPS, camera, instructions... stay here). */
  metadata: PhotoMetadata;
  /** The private key of the desk copy (renditions.deskCopy, JPEG originals), or null; absent before 0.3. */
  deskCopyKey?: string | null;
}

/** One entry of a photo's history. */
export interface HistoryEvent {
  photodesk: 2;
  at: string;
  action: 'ingest' | 'correct' | 'withdraw';
  photoId: string;
  editionId: string | null;
  previousEdition: string | null;
  by: string | null;
  patch?: ParsedPatch;
  reason?: string;
  override?: boolean;
}

/** Writes a JSON record once; a record already there (an earlier run's) is kept as it is. */
export async function writeOnce(storage: Storage, key: string, value: unknown, signal?: AbortSignal): Promise<void> {
  await putOnce(storage, key, Buffer.from(JSON.stringify(value, null, 2) + '\n'), 'application/json', signal);
}

/** Puts private bytes that are written once: a key already holding them (an earlier run) is not an error. */
export async function putOnce(storage: Storage, key: string, body: Buffer, contentType: string, signal?: AbortSignal): Promise<void> {
  try {
    await storage.put(key, body, { contentType, cacheControl: 'private, no-store', ...(signal ? { signal } : {}) });
  } catch (e) {
    if (!isPhotodeskError(e, 'STORAGE_CONFLICT')) throw e;
  }
}

/** A JSON record, or null when the key does not exist. */
export async function readRecord<T>(storage: Storage, key: string, signal?: AbortSignal): Promise<T | null> {
  const got = await storage.read(key, signal ? { signal } : undefined); // one request: absent is null
  return got ? (JSON.parse(got.body.toString('utf8')) as T) : null;
}

/** Every record under a prefix, in key order. */
export async function readAll<T>(storage: Storage, prefix: string, signal?: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  for await (const o of storage.list(prefix, signal ? { signal } : undefined)) out.push(JSON.parse((await storage.get(o.key, signal ? { signal } : undefined)).toString('utf8')) as T);
  return out;
}

/**
 * The full photo id for an id or a unique prefix of at least 8 hex characters.
 * @throws `PHOTO_NOT_FOUND`
 */
export async function resolvePhotoId(storage: Storage, id: string, signal?: AbortSignal): Promise<string> {
  const want = id.trim().toLowerCase();
  if (/^[0-9a-f]{1,7}$/.test(want)) throw new PhotodeskError('PHOTO_NOT_FOUND', `"${id.trim()}" is too short for a photo id: give 8 or more of its hex digits (the 12 that name the photo's folder in the store will do)`);
  if (!/^[0-9a-f]{8,64}$/.test(want)) throw new PhotodeskError('PHOTO_NOT_FOUND', `"${id.slice(0, 80)}" is not a photo id (the sha256 of the original, or 8 or more of its first hex digits)`);
  if (want.length === 64) return want;
  const found = new Set<string>();
  for await (const o of storage.list(`photos/${want}`, signal ? { signal } : undefined)) {
    found.add(o.key.split('/')[1]!);
    if (found.size > 1) break;
  }
  if (found.size === 1) return [...found][0]!;
  throw new PhotodeskError('PHOTO_NOT_FOUND', found.size === 0 ? `No photo ${want} in the private store` : `The prefix ${want} names more than one photo: give more of the id`);
}
