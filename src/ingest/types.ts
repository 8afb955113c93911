import type { Readable } from 'node:stream';
import type { Metadata } from 'sharp';

/** The photo formats photodesk accepts, named by their content, never by their file name. */
export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'heic' | 'tiff' | 'gif';

/** What ingest and metadata report without failing: a stable code and a sentence. */
export interface Warning {
  code: string;
  message: string;
}

/** Anything photodesk can read a photo from. */
export type PhotoSource = string | Buffer | Uint8Array | Readable;

/** Limits checked before any pixel is decoded. */
export interface IngestLimits {
  /** Largest accepted file, in bytes. Default 200 MiB. */
  maxBytes: number;
  /** Largest accepted width x height. Default 268,402,689 (libvips' and sharp's own default, 16383 x 16383). */
  maxPixels: number;
  /**
   * Most scans a progressive JPEG may have. Default 100: encoders write 10 or so; each scan is a pass over
   * the whole picture, so 2,000 of them make a small file cost a minute and a gigabyte to decode.
   */
  maxScans: number;
}

/** Options for {@link openPhoto}. */
export interface IngestOptions {
  limits?: Partial<IngestLimits>;
  /**
   * A name for a Buffer or stream input (an upload's original file name), used in errors and for the
   * extension check. Paths use their own name.
   */
  name?: string;
  /**
   * Compute the SHA-256 of the bytes (default true). Hashing is most of the cost of reading a large photo's
   * metadata; a check that only reads metadata (`photodesk validate`) turns it off and gets `sha256: null`.
   * `readMetadata` of a path without the hash then reads only a baseline JPEG's start and end, not its pixels.
   */
  hash?: boolean;
}

/** A photo after ingest: its bytes, its real type, its identity and its stored size. */
export interface Photo {
  /** The path it was read from, or the given name, or null. */
  file: string | null;
  format: PhotoFormat;
  mime: string;
  /** The whole file. */
  bytes: Buffer;
  /** Size in bytes. */
  size: number;
  /** Hex SHA-256 of the bytes: the photo's identity in later stages (null when read with `hash: false`). */
  sha256: string | null;
  /** Width and height as stored (before orientation), read from the header. */
  width: number;
  height: number;
  /** True when file-type says the container holds an animation (APNG). Other animations are found later. */
  animatedHint: boolean;
  warnings: Warning[];
  /** libvips' header reading, when ingest needed it for the size; later stages reuse it instead of re-reading. */
  vipsHeader?: Metadata;
}
