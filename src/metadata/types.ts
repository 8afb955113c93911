import type { PhotoFormat, Warning } from '../ingest/types.js';

/** Where a value came from. */
export type Provenance = 'xmp' | 'iim' | 'exif';

/** The text fields whose source is recorded in {@link PhotoMetadata.provenance}. */
export const TEXT_FIELDS = [
  'credit',
  'creator',
  'creatorTitle',
  'caption',
  'headline',
  'title',
  'copyright',
  'source',
  'instructions',
  'keywords',
  'dateCreated',
  'city',
  'region',
  'country',
  'countryCode',
  'digitalSourceType',
  'webStatement',
  'usageTerms',
] as const;

/** One of {@link TEXT_FIELDS}. */
export type TextField = (typeof TEXT_FIELDS)[number];

/** GPS position in decimal degrees (negative south and west) and metres. */
export interface GpsPosition {
  lat: number;
  lon: number;
  alt: number | null;
}

/** The camera that made the photo. */
export interface CameraInfo {
  make: string | null;
  model: string | null;
  serialNumber: string | null;
  lens: string | null;
}

/**
 * One photo's metadata, normalized from EXIF, IPTC-IIM and XMP. Its JSON form is a contract: every key is
 * always present, absent values are `null`, lists are always arrays.
 */
export interface PhotoMetadata {
  file: string | null;
  format: PhotoFormat;
  mime: string;
  /** File size in bytes. */
  bytes: number;
  /** Hex SHA-256 of the file; null when read with `hash: false` (validation only). */
  sha256: string | null;
  /** As stored, before orientation. */
  width: number;
  height: number;
  /** EXIF orientation 1-8, null when the file has none (displayed as 1). */
  orientation: number | null;
  /** As displayed, after orientation. */
  displayWidth: number;
  displayHeight: number;
  /** The pixels' colour model: `rgb`, `cmyk`, `gray`, `lab`... */
  colorSpace: string | null;
  /** The embedded ICC profile's description, e.g. "Display P3". */
  iccProfile: string | null;
  hasAlpha: boolean;
  animated: boolean;
  credit: string | null;
  creator: string[];
  creatorTitle: string | null;
  caption: string | null;
  headline: string | null;
  title: string | null;
  copyright: string | null;
  source: string | null;
  instructions: string | null;
  keywords: string[];
  /** ISO 8601, with the UTC offset when the file gives it. */
  dateCreated: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  countryCode: string | null;
  /** The last segment of the IPTC digital source type code, e.g. `trainedAlgorithmicMedia`. */
  digitalSourceType: string | null;
  webStatement: string | null;
  usageTerms: string | null;
  gps: GpsPosition | null;
  camera: CameraInfo;
  /** True when a C2PA manifest store (JUMBF) is embedded. */
  c2pa: boolean;
  /** For each text field, the block its value was taken from (null when absent). */
  provenance: Record<TextField, Provenance | null>;
  warnings: Warning[];
}

/** Options for {@link readMetadata}. */
export interface ReadMetadataOptions {
  /**
   * Charset for IIM text with no 1:90 declaration that is not valid UTF-8, as a WHATWG encoding label.
   * Default `windows-1252`; a Russian-language archive sets `windows-1251`.
   */
  legacyCharset?: string;
}
