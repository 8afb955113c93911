import sharp, { type Metadata } from 'sharp';
import type { Photo } from '../ingest/types.js';
import { readExif, type ExifValues } from './exif.js';
import { parseIrb } from './irb.js';
import { readJpegSegments } from './jpeg-segments.js';
import { readPngChunks } from './png-chunks.js';

/** The raw metadata blocks of one photo and the header facts that come with them. */
export interface RawBlocks {
  exif: ExifValues | null;
  xmp: Buffer | null;
  iim: Buffer | null;
  iptcDigest: string | null;
  icc: Buffer | null;
  colorSpace: string | null;
  hasAlpha: boolean;
  pages: number;
  /** Set when libvips could not read the header; the metadata blocks may still have been read. */
  headerError: string | null;
}

const SHARP_OPTIONS = { failOn: 'none', limitInputPixels: false } as const;

/**
 * Finds the metadata blocks of a photo. JPEG segments are walked directly (robust to damaged data); other
 * containers are read through libvips' header reader (sharp's metadata(), which never decodes pixels), and
 * EXIF of every format is parsed by exifr.
 */
export async function readBlocks(photo: Photo): Promise<RawBlocks> {
  let meta: Metadata | null = null;
  let headerError: string | null = null;
  try {
    meta = await sharp(photo.bytes, SHARP_OPTIONS).metadata();
  } catch (e) {
    headerError = (e as Error).message;
  }
  const out: RawBlocks = {
    exif: null,
    xmp: null,
    iim: null,
    iptcDigest: null,
    icc: meta?.icc ?? null,
    colorSpace: meta ? colorModel(meta.space) : null,
    hasAlpha: meta?.hasAlpha ?? false,
    pages: meta?.pages ?? 1,
    headerError,
  };

  if (photo.format === 'jpeg') {
    const seg = readJpegSegments(photo.bytes);
    out.xmp = seg.xmp;
    out.icc = seg.icc ?? out.icc;
    if (seg.irb) Object.assign(out, irbParts(seg.irb));
    if (seg.exif) out.exif = await readExif(seg.exif);
    return out;
  }

  out.xmp = meta?.xmp ?? null;
  if (photo.format === 'tiff') {
    out.exif = await readExif(photo.bytes);
    out.xmp ??= bufferOrNull(out.exif?.xmp);
    const iptc = meta?.iptc ?? bufferOrNull(out.exif?.iptc);
    if (iptc) Object.assign(out, iimFromTiffTag(iptc));
    const irb = bufferOrNull(out.exif?.photoshopIrb);
    if (irb) {
      const r = irbParts(irb);
      out.iim ??= r.iim;
      out.iptcDigest = r.iptcDigest;
    }
    return out;
  }
  if (photo.format === 'png') {
    const png = readPngChunks(photo.bytes);
    out.xmp ??= png.xmp;
    if (png.iptc) Object.assign(out, png.iptc[0] === 0x1c ? { iim: png.iptc } : irbParts(png.iptc));
    if (png.exif) out.exif = await readExif(png.exif);
    return out;
  }
  if (meta?.iptc) Object.assign(out, meta.iptc[0] === 0x1c ? { iim: meta.iptc } : irbParts(meta.iptc));
  const exif = meta?.exif ?? (meta || photo.format === 'webp' || photo.format === 'gif' ? null : photo.bytes);
  if (exif) out.exif = await readExif(stripExifHeader(exif));
  return out;
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
