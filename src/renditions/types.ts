import type { PublicField, PublicRecord } from '../metadata/fields.js';
/** Output formats of renditions. */
export type RenditionFormat = 'avif' | 'webp' | 'jpeg';

/** Encoder settings of one format. */
export interface EncoderSettings {
  quality: number;
  /** CPU effort (AVIF 0-9, WebP 0-6; JPEG: ignored). */
  effort?: number;
  /** AVIF chroma subsampling: '4:4:4' (default) or '4:2:0' (smaller, softer colour edges). */
  chromaSubsampling?: '4:2:0' | '4:4:4';
  /** AVIF tuning metric (default 'ssim'; sharp 0.35's own default, 'auto', is several times slower). */
  tune?: 'auto' | 'iq' | 'psnr' | 'ssim';
  /** JPEG: mozjpeg's trellis quantisation and progressive scans (default true: smaller at the same quality). */
  mozjpeg?: boolean;
  /** WebP: libwebp's sharp (slower) RGB to YUV conversion: better PSNR on colour edges, lower SSIM (default false). */
  smartSubsample?: boolean;
}

/** A named aspect-ratio crop, e.g. `{ name: '16x9', aspect: [16, 9] }`. */
export interface CropSpec {
  name: string;
  aspect: [number, number];
}

/** Where a crop keeps its subject: a focal point (x, y in 0..1 of the displayed photo) or sharp's attention strategy. */
export type CropPosition = { x: number; y: number } | 'attention' | 'centre';

/** Options of {@link planRenditions}. */
export interface RenditionOptions {
  /** The width ladder. Default 320, 640, 960, 1280, 1920. */
  widths?: number[];
  /** Formats, in the order `<source>`s are written. Default AVIF, WebP, JPEG. */
  formats?: RenditionFormat[];
  /** Per-format quality and effort (defaults: see DEFAULT_ENCODERS). */
  encoders?: Partial<Record<RenditionFormat, Partial<EncoderSettings>>>;
  /** Crops to make besides the full frame (none by default). */
  crops?: CropSpec[];
  /** Keep the full, uncropped frame too (default true). */
  fullFrame?: boolean;
  /** Where crops keep their subject. Default 'attention'. */
  position?: CropPosition;
  /** Background for flattening alpha into JPEG. Default white. */
  background?: string;
  /** Keep a Display P3 image in P3 with its profile instead of converting to sRGB. Default false. */
  keepP3?: boolean;
  /** An animation renders its first frame ('first-frame', default) or is refused ('refuse'). */
  animated?: 'first-frame' | 'refuse';
  /**
   * The public fields written into every output as XMP (and EXIF where ASCII holds them exactly). Default
   * {@link DEFAULT_EMBED}: creator, credit, copyright, copyright owner, web statement, usage terms, licensor,
   * digital source type, date and location created. Private fields cannot be named.
   */
  embed?: PublicField[];
  /**
   * Also keep a desk copy: the original JPEG with the corrected record written into its XMP, IIM and EXIF,
   * pixels untouched, in the private store (what a desk sends to syndication partners). Default false.
   * Written by the desk (pipeline), not by the renderer.
   */
  deskCopy?: boolean;
  /** Shorthand kept from photodesk 0.1: `caption: true` adds the caption to {@link RenditionOptions.embed}. */
  metadata?: { caption?: boolean; webStatement?: boolean };
  /** Name template; tokens {hash12} {hash} {width} {height} {crop} {format} {ext}. Default "{hash12}-{width}{crop}.{ext}". */
  nameTemplate?: string;
  /** libvips' strictness on damaged input: 'error' (default) refuses a truncated JPEG as CORRUPT_IMAGE. */
  failOn?: 'none' | 'truncated' | 'error' | 'warning';
  /** Placeholder kind. Default 'thumbhash'. */
  placeholder?: 'thumbhash' | 'blurhash' | 'lqip' | 'none';
  /** Encodes in flight for this render. Default: one per core, shared by every render in the process. */
  concurrency?: number;
}

/** One rendition to make. */
export interface PlannedRendition {
  name: string;
  width: number;
  height: number;
  format: RenditionFormat;
  /** The crop's name, or null for the full frame. */
  crop: string | null;
  encoder: EncoderSettings;
  /**
   * What decides this file's bytes (source, size, crop and its position, encoder, embedded metadata, the
   * decode it is cut from), hashed: 16 hex characters. Storage keys carry it, so other bytes get another key.
   */
  renderHash: string;
}

/** What {@link renderRenditions} makes, decided from the metadata alone. */
export interface RenditionPlan {
  sha256: string;
  /** The photo as displayed (after orientation). */
  sourceWidth: number;
  sourceHeight: number;
  /** True when the source is an animation. */
  animated: boolean;
  variants: PlannedRendition[];
  /** Resolved options the renderer needs. */
  options: Required<Omit<RenditionOptions, 'widths' | 'formats' | 'encoders' | 'crops' | 'nameTemplate' | 'deskCopy'>> & { crops: CropSpec[] };
  /** The size the source is decoded to once (upright), every rendition being cut from it. */
  master: { width: number; height: number };
  /** The public fields written into every output, with their values (empty ones left out). */
  embed: PublicRecord;
}

/** A rendered file. */
export interface Rendition {
  name: string;
  width: number;
  height: number;
  format: RenditionFormat;
  crop: string | null;
  /** Size in bytes. */
  bytes: number;
  body: Buffer;
  contentType: string;
}

/** A tiny preview and the dominant colour, for showing something before the image loads. */
export interface Placeholder {
  kind: 'thumbhash' | 'blurhash' | 'lqip';
  /** Base64 thumbhash, blurhash string, or a data: URI. */
  value: string;
  /** Dominant colour, "#rrggbb". */
  dominantColor: string;
}
