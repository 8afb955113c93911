import type { PhotoMetadata } from '../../metadata/types.js';
import type { Finding, Verdict } from '../../rules/types.js';
import type { ParsedPatch } from '../patch.js';
import type { PublicFields } from '../records.js';
import type { CatalogueEntry } from './types.js';

/** What an entry is made of: the same whether it comes from a fresh edition or from the private records. */
export interface EntrySource {
  photoId: string;
  editionId: string | null;
  status: 'published' | 'withdrawn';
  name: string | null;
  phash: string | null;
  public: PublicFields;
  metadata: PhotoMetadata;
  patch: ParsedPatch;
  verdict: Verdict;
  findings: Finding[];
  manifestUrl: string | null;
  pointerUrl: string;
  publishedAt: string;
  /** The edition's renditions (to pick a thumbnail). */
  renditions: { url: string; width: number; format: string; crop: string | null }[];
}

/** The one place a catalogue entry is made. */
export function entryOf(s: EntrySource): CatalogueEntry {
  return {
    photoId: s.photoId,
    editionId: s.status === 'withdrawn' ? null : s.editionId,
    status: s.status,
    name: s.name,
    credit: s.patch.credit ?? s.metadata.credit ?? null,
    creditLine: s.public.creditLine,
    creator: s.public.creator,
    dateCreated: s.public.dateCreated,
    publishedAt: s.publishedAt,
    caption: s.public.caption,
    headline: s.public.headline,
    keywords: s.metadata.keywords ?? [],
    verdict: s.verdict,
    rules: [...new Set(s.findings.map((f) => f.rule))].sort(),
    digitalSourceType: s.public.digitalSourceType,
    width: s.metadata.width ?? null,
    height: s.metadata.height ?? null,
    phash: s.phash,
    manifestUrl: s.status === 'withdrawn' ? null : s.manifestUrl,
    pointerUrl: s.pointerUrl,
    thumbnailUrl: s.status === 'withdrawn' ? null : thumbnailOf(s.renditions),
  };
}

/** The smallest full-frame rendition, JPEG or WebP first (every browser shows them). */
function thumbnailOf(renditions: EntrySource['renditions']): string | null {
  const rank = (f: string) => (f === 'jpeg' ? 0 : f === 'webp' ? 1 : 2);
  const full = renditions.filter((r) => r.crop === null).sort((a, b) => a.width - b.width || rank(a.format) - rank(b.format));
  return full[0]?.url ?? null;
}
