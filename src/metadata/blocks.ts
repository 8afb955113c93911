import type { Metadata } from 'sharp';
import type { Photo, Warning } from '../ingest/types.js';
import { hasC2pa, isoHasC2pa } from '../containers/c2pa.js';
import { reachesMetaBox } from '../containers/isobmff-boxes.js';
import { readExif, type ExifValues } from './exif.js';
import { parseIrb } from './irb.js';
import { gifXmp } from '../containers/gif-xmp.js';
import { jpegTail, readJpegSegments, type ExtendedXmpPart, type JpegTail } from '../containers/jpeg-segments.js';
import { MAX_INFLATED, readPngChunks } from '../containers/png-chunks.js';
import { readWebpChunks } from '../containers/webp-chunks.js';
import { loadSharp } from '../util/load-sharp.js';

/** The raw metadata blocks of one photo and the header facts that come with them. */
export interface RawBlocks {
  exif: ExifValues | null;
  /** Every standard XMP packet, in file order. */
  xmp: Buffer[];
  /** Extended XMP parts (JPEG only), joined by the reader once the main packet names their GUID. */
  xmpExtended: ExtendedXmpPart[];
  iim: Buffer | null;
  iptcDigest: string | null;
  icc: Buffer | null;
  colorSpace: string | null;
  hasAlpha: boolean;
  pages: number;
  /** Set when libvips could not read the header; the metadata blocks may still have been read. */
  headerError: string | null;
  /** What the container's structure says about the file's integrity. */
  warnings: Warning[];
  /** True when a C2PA manifest store is embedded. */
  c2pa: boolean;
}

const SHARP_OPTIONS = { failOn: 'none', limitInputPixels: false } as const;

/**
 * Finds the metadata blocks of a photo. JPEG segments are walked directly (robust to damaged data); other
 * containers are read through libvips' header reader (sharp's metadata(), which never decodes pixels), and
 * EXIF of every format is parsed by exifr.
 */
export async function readBlocks(photo: Photo): Promise<RawBlocks> {
  if (photo.format === 'jpeg') return jpegBlocks(photo);
  if (photo.format === 'png') return pngBlocks(photo);
  if (photo.format === 'webp') return webpBlocks(photo);
  let meta: Metadata | null = photo.vipsHeader ?? null;
  let headerError: string | null = null;
  const iso = photo.format === 'heic' || photo.format === 'avif';
  if (!meta) {
    try {
      const sharp = await loadSharp();
      meta = await sharp(photo.bytes, SHARP_OPTIONS).metadata();
    } catch (e) {
      headerError = (e as Error).message;
    }
  }
  const out: RawBlocks = {
    exif: null,
    xmp: meta?.xmp ? [meta.xmp] : photo.format === 'gif' ? listOf(gifXmp(photo.bytes)) : [],
    xmpExtended: [],
    iim: null,
    iptcDigest: null,
    icc: meta?.icc ?? null,
    colorSpace: meta ? colorModel(meta.space) : null,
    hasAlpha: meta?.hasAlpha ?? false,
    pages: meta?.pages ?? 1,
    headerError,
    warnings: [],
    // TIFF and GIF have no place of their own for it in this reader: the whole file is searched.
    c2pa: iso ? isoHasC2pa(photo.bytes) : hasC2pa(photo.bytes),
  };
  if (photo.format === 'tiff') {
    out.exif = await readExif(photo.bytes, true);
    if (meta?.iptc) Object.assign(out, iimFromTiffTag(meta.iptc));
    const irb = bufferOrNull(out.exif?.photoshopIrb);
    if (irb) {
      const r = irbParts(irb);
      out.iim ??= r.iim;
      out.iptcDigest = r.iptcDigest;
    }
    return out;
  }
  if (meta?.iptc) Object.assign(out, meta.iptc[0] === 0x1c ? { iim: meta.iptc } : irbParts(meta.iptc));
  // Without libvips' reading, exifr is handed the whole file: a HEIF or AVIF only when exifr's own walk of
  // its boxes reaches the meta box (on some damaged ones it never ends).
  const exif = meta?.exif ?? (meta || photo.format === 'gif' || (iso && !reachesMetaBox(photo.bytes)) ? null : photo.bytes);
  if (exif) out.exif = await readExif(stripExifHeader(exif));
  return out;
}

/**
 * A JPEG needs no libvips call: its segments give every block, and its frame header the colour model
 * (1 component grey, 3 YCbCr/RGB, 4 CMYK/YCCK). This keeps metadata reading off the thread pool.
 */
async function jpegBlocks(photo: Photo): Promise<RawBlocks> {
  const seg = readJpegSegments(photo.bytes);
  const components = seg.frame?.components;
  const out: RawBlocks = {
    exif: seg.exif ? await readExif(seg.exif) : null,
    xmp: seg.xmp,
    xmpExtended: seg.xmpExtended,
    iim: null,
    iptcDigest: null,
    icc: seg.icc,
    colorSpace: components === 1 ? 'gray' : components === 3 ? 'rgb' : components === 4 ? 'cmyk' : null,
    hasAlpha: false,
    pages: 1,
    headerError: seg.frame ? null : 'no frame header',
    warnings: seg.scanStart !== null ? tailWarnings(jpegTail(photo.bytes, seg.scanStart)) : [],
    c2pa: seg.c2pa,
  };
  if (seg.irb) Object.assign(out, irbParts(seg.irb));
  return out;
}

/** A PNG too is read from its own chunks, without libvips. */
async function pngBlocks(photo: Photo): Promise<RawBlocks> {
  const png = readPngChunks(photo.bytes);
  const out: RawBlocks = {
    exif: png.exif ? await readExif(png.exif) : null,
    xmp: listOf(png.xmp),
    xmpExtended: [],
    iim: null,
    iptcDigest: null,
    icc: png.icc,
    colorSpace: png.colorSpace,
    hasAlpha: png.hasAlpha,
    pages: 1,
    headerError: png.colorSpace ? null : 'no IHDR chunk',
    warnings: png.oversized.map((what) => ({ code: 'METADATA_TOO_LARGE', message: `The PNG's compressed ${what} inflates past ${MAX_INFLATED / 1024 / 1024} MiB (a decompression bomb?); it was skipped` })),
    c2pa: png.c2pa,
  };
  if (png.iptc) Object.assign(out, png.iptc[0] === 0x1c ? { iim: png.iptc } : irbParts(png.iptc));
  return out;
}

/** A WebP too: its RIFF chunks give every block, and WebP is always RGB. */
async function webpBlocks(photo: Photo): Promise<RawBlocks> {
  const webp = readWebpChunks(photo.bytes);
  return {
    exif: webp.exif ? await readExif(stripExifHeader(webp.exif)) : null,
    xmp: listOf(webp.xmp),
    xmpExtended: [],
    iim: null,
    iptcDigest: null,
    icc: webp.icc,
    colorSpace: webp.valid ? 'rgb' : null,
    hasAlpha: webp.hasAlpha,
    pages: webp.pages,
    headerError: webp.valid ? null : 'no VP8, VP8L or ANMF chunk',
    warnings: [],
    c2pa: webp.c2pa,
  };
}

function tailWarnings(tail: JpegTail): Warning[] {
  if (tail.truncated) {
    return [{ code: 'JPEG_TRUNCATED', message: 'The JPEG ends before its end-of-image marker: the picture is incomplete (cut off in transfer?)' }];
  }
  // Cameras append further JPEGs (MPF previews, depth maps) and editors metadata trailers; an archive,
  // document or script is what makes a polyglot.
  if (tail.trailingKind && tail.trailingKind !== 'another JPEG') {
    return [{ code: 'TRAILING_DATA', message: `A ${tail.trailingKind} (${tail.trailingBytes} bytes) follows the end of the picture: a polyglot file; renditions never carry it` }];
  }
  return [];
}

/**
 * TIFF tag 33723 holds raw IIM, an IRB, or (written as LONGs by old software in a little-endian file) IIM
 * with every 4-byte word reversed, which libvips passes on as is; ExifTool reads all three.
 */
function iimFromTiffTag(tag: Buffer): { iim: Buffer | null; iptcDigest?: string | null } {
  if (tag[0] === 0x1c) return { iim: tag };
  if (tag.length % 4 === 0 && tag[3] === 0x1c) return { iim: Buffer.from(tag).swap32() };
  return irbParts(tag);
}

function irbParts(irb: Buffer): { iim: Buffer | null; iptcDigest: string | null } {
  const r = parseIrb(irb);
  return { iim: r.iim, iptcDigest: r.iptcDigest };
}

function listOf(b: Buffer | null): Buffer[] {
  return b ? [b] : [];
}

function bufferOrNull(v: Uint8Array | null | undefined): Buffer | null {
  return v ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : null;
}

/** libvips hands EXIF over with its "Exif\0\0" APP1 header; exifr wants the TIFF structure. */
function stripExifHeader(b: Buffer): Buffer {
  return b.length > 6 && b.toString('latin1', 0, 4) === 'Exif' ? b.subarray(6) : b;
}

function colorModel(space: string | undefined): string | null {
  switch (space) {
    case undefined:
      return null;
    case 'srgb':
    case 'rgb':
    case 'rgb16':
    case 'scrgb':
      return 'rgb';
    case 'b-w':
    case 'grey16':
      return 'gray';
    case 'cmyk':
      return 'cmyk';
    case 'lab':
    case 'labs':
    case 'labq':
      return 'lab';
    default:
      return space;
  }
}
