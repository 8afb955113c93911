import type { Verdict } from '../../rules/types.js';

/** One photo as the catalogue knows it: derived from the private records, never the source of truth. */
export interface CatalogueEntry {
  photoId: string;
  /** The current edition (null once withdrawn). */
  editionId: string | null;
  status: 'published' | 'withdrawn';
  /** The name it arrived under. */
  name: string | null;
  /** The credit as published (after the desk's cleaners), and the printed credit line. */
  credit: string | null;
  creditLine: string | null;
  creator: string[];
  /** When the picture was taken (ISO), and when its current edition (or its withdrawal) was published. */
  dateCreated: string | null;
  publishedAt: string;
  caption: string | null;
  headline: string | null;
  keywords: string[];
  verdict: Verdict;
  /** Rule ids of the current edition's findings. */
  rules: string[];
  digitalSourceType: string | null;
  width: number | null;
  height: number | null;
  /** 64-bit perceptual hash, 16 hex digits. */
  phash: string | null;
  manifestUrl: string | null;
  pointerUrl: string;
  /** The smallest full-frame rendition's public URL (contact sheets), or null. */
  thumbnailUrl: string | null;
}

/** What to look for; every field narrows the search. */
export interface SearchQuery {
  /** Words in the caption, headline or keywords (English and Russian, with stemming). */
  text?: string;
  /** Part of the credit or credit line, any case ("reuters"). */
  credit?: string;
  /** Part of a creator's name, any case. */
  creator?: string;
  /** Published at or after / before (ISO date or time). */
  from?: string;
  to?: string;
  status?: 'published' | 'withdrawn';
  verdict?: Verdict;
  /** Has a finding of this rule id. */
  rule?: string;
  digitalSourceType?: string;
  /** Results per page (default 50, at most 1000). */
  limit?: number;
  /** The `next` of the previous page. */
  cursor?: string;
}

/** One page of results, newest first. */
export interface SearchPage {
  results: CatalogueEntry[];
  /** Pass as `cursor` for the next page; null on the last. */
  next: string | null;
}

/** A photo whose perceptual hash is within the distance asked. */
export interface NearMatch {
  photoId: string;
  distance: number;
  entry: CatalogueEntry;
}

/**
 * The desk's memory. Implementations: PostgreSQL (shared by many workers) and PGlite (embedded, one process
 * at a time), both in `sql-catalogue.ts`, run through one contract suite.
 */
export interface Catalogue {
  readonly name: string;
  /** `embedded`: one process at a time (PGlite); `shared`: any number of processes and machines (PostgreSQL). */
  readonly kind: 'embedded' | 'shared';
  /** Adds or replaces a photo's entry. */
  put(entry: CatalogueEntry): Promise<void>;
  /** Many at once, in one transaction (rebuilds). */
  putMany(entries: CatalogueEntry[]): Promise<void>;
  get(photoId: string): Promise<CatalogueEntry | null>;
  search(query: SearchQuery): Promise<SearchPage>;
  /** Photos whose hash differs from `phash` in at most `maxDistance` bits, closest first. */
  nearest(phash: string, options: { maxDistance: number; limit?: number; exclude?: string }): Promise<NearMatch[]>;
  count(): Promise<number>;
  /** Removes every entry (before a rebuild). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
