import pLimit from 'p-limit';
import { perceptualHash } from '../../renditions/phash.js';
import { readManifest } from '../../storage/publish.js';
import type { Desk } from '../desk.js';
import { entryOf } from './entry.js';
import type { Catalogue, CatalogueEntry } from './types.js';

/** What a rebuild did. */
export interface RebuildResult {
  /** Photos catalogued. */
  photos: number;
  /** Photos whose perceptual hash had to be made from the original (records written before hashes were kept). */
  hashed: number;
  /** Photos with a record but no edition (never published): not catalogued. */
  skipped: number;
}

/**
 * Recreates the catalogue from the private store, which is the truth: every photo's record, its current
 * edition (or its withdrawal) and history. The catalogue is emptied first.
 */
export async function rebuildCatalogue(desk: Desk, catalogue: Catalogue, options: { concurrency?: number; onPhoto?: (photoId: string) => void; signal?: AbortSignal } = {}): Promise<RebuildResult> {
  const ids: string[] = [];
  for await (const o of desk.privateStorage.list('photos/', options.signal ? { signal: options.signal } : undefined)) {
    const m = /^photos\/([0-9a-f]{64})\/photo\.json$/.exec(o.key);
    if (m) ids.push(m[1]!);
  }
  await catalogue.clear();
  const result: RebuildResult = { photos: 0, hashed: 0, skipped: 0 };
  const limit = pLimit(options.concurrency ?? 4);
  let batch: CatalogueEntry[] = [];
  const flush = async () => {
    const b = batch;
    batch = [];
    if (b.length) await catalogue.putMany(b);
  };
  await Promise.all(
    ids.map((id) =>
      limit(async () => {
        options.signal?.throwIfAborted();
        const h = await desk.history(id);
        const withdrawn = h.pointer?.status === 'withdrawn';
        const current = h.pointer?.status === 'published' ? h.editions.find((e) => e.editionId === (h.pointer as { editionId: string }).editionId) : undefined;
        // A withdrawn photo is still found by what it was: its last edition's record.
        const lastEvent = [...h.history].reverse().find((e) => e.editionId !== null);
        const edition = current ?? h.editions.find((e) => e.editionId === lastEvent?.editionId) ?? h.editions[h.editions.length - 1];
        if (!edition || (!current && !withdrawn)) {
          result.skipped++;
          return;
        }
        let phash = h.photo.phash ?? null;
        if (!phash) {
          phash = await perceptualHash(await desk.privateStorage.get(h.photo.originalKey)).catch(() => null);
          if (phash) result.hashed++;
        }
        const manifest = withdrawn ? null : await readManifest(desk.storage, edition.manifestKey, options.signal);
        const renditions = (manifest?.renditions ?? []).map((r) => ({ url: r.url, width: Number(r.width), format: String(r.format), crop: typeof r.crop === 'string' ? r.crop : null }));
        const at = withdrawn ? (h.pointer as { withdrawnAt: string }).withdrawnAt : ([...h.history].reverse().find((e) => e.editionId === edition.editionId)?.at ?? h.photo.firstIngestedAt);
        batch.push(
          entryOf({
            photoId: id,
            editionId: edition.editionId,
            status: withdrawn ? 'withdrawn' : 'published',
            name: h.photo.name,
            phash,
            public: edition.public,
            metadata: edition.metadata,
            patch: edition.patch,
            verdict: edition.verdict,
            findings: edition.findings,
            manifestUrl: desk.storage.url(edition.manifestKey),
            pointerUrl: desk.storage.url(h.photo.pointerKey),
            publishedAt: at,
            renditions,
          }),
        );
        result.photos++;
        options.onPhoto?.(id);
        if (batch.length >= 200) await flush();
      }),
    ),
  );
  await flush();
  return result;
}
