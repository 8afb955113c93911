import type { FileTypeResult } from 'file-type';
import type { PhotoFormat } from './types.js';

/** The result of looking at a file's first bytes. */
export interface Sniffed {
  format: PhotoFormat;
  mime: string;
  /** True for APNG, the one animation file-type can see from the header. */
  animated: boolean;
}

// file-type's answers photodesk takes. Not its `jpg`: a JPEG is told by isJpegStart alone, and the only JPEG
// file-type sees that isJpegStart does not is one behind a UTF-8 byte-order mark (file-type skips the mark), which
// no decoder opens: it would pass inspect and validate, then fail to render.
const FORMAT_BY_EXT: Record<string, PhotoFormat> = {
  png: 'png',
  apng: 'png',
  webp: 'webp',
  avif: 'avif',
  heic: 'heic',
  tif: 'tiff',
  gif: 'gif',
};

/** Canonical MIME type of each format (file-type reports image/heif vs image/heic by brand; both are `heic` here). */
export const MIME_BY_FORMAT: Record<PhotoFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  heic: 'image/heic',
  tiff: 'image/tiff',
  gif: 'image/gif',
};

/** File name extensions that agree with each format. */
export const EXTENSIONS_BY_FORMAT: Record<PhotoFormat, readonly string[]> = {
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  png: ['png', 'apng'],
  webp: ['webp'],
  avif: ['avif', 'avifs'],
  heic: ['heic', 'heif', 'hif', 'heics', 'heifs'],
  tiff: ['tif', 'tiff', 'btf', 'tf8'],
  gif: ['gif'],
};

/**
 * Identifies the format from the bytes with file-type. Returns null for anything that is not a supported photo,
 * including SVG (XML text) and polyglots whose first bytes are not an image.
 */
export async function sniffFormat(bytes: Uint8Array): Promise<Sniffed | null> {
  if (bytes.length === 0) return null;
  if (isJpegStart(bytes)) return JPEG;
  const { fileTypeFromBuffer } = await import('file-type');
  return toSniffed(await fileTypeFromBuffer(bytes));
}

const JPEG: Sniffed = Object.freeze({ format: 'jpeg', mime: 'image/jpeg', animated: false });

/**
 * True for the start of a JPEG as file-type 21 tells it: FF D8 FF is `jpg` unless the fourth byte is F7
 * (JPEG-LS), and no check file-type makes before that one can match these bytes. Written by hand because
 * importing file-type costs about 55 ms (its zip and gzip readers, strtok3, debug: 35 modules), a third of
 * `photodesk inspect`'s start-up, for the commonest photo; everything else is still asked of file-type,
 * imported on first use. test/ingest/sniff.test.ts holds the two to the same answer.
 */
export function isJpegStart(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff && bytes[3] !== 0xf7;
}

/**
 * {@link sniffFormat} of a file of which `head` is the start and `size` the length. When the start does not
 * tell, file-type reads what else it needs from the file itself, for the two formats that can need more than a
 * start: a TIFF's first directory can sit at its end, and a PNG's chunks before its pixels can fill the start
 * (file-type looks there for an animation). Every other supported format is told by its first bytes, so any
 * other start that does not tell is not a photo, and a large file that is none is not read further.
 */
export async function sniffFileStart(file: string, head: Uint8Array, size: number): Promise<Sniffed | null> {
  return (await sniffFormat(head)) ?? sniffPastStart(file, head, size);
}

/** The rest of {@link sniffFileStart}, for a caller that has already sniffed `head` and been told nothing. */
export async function sniffPastStart(file: string, head: Uint8Array, size: number): Promise<Sniffed | null> {
  if (head.length >= size || !startNeedsMore(head)) return null;
  // A file that cannot be read further (gone, or damaged where file-type looks) does not tell either.
  const { fileTypeFromFile } = await import('file-type');
  return toSniffed(await fileTypeFromFile(file).catch(() => undefined));
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** True when `head` starts like a classic TIFF (II*\0, MM\0*) or a PNG: the starts file-type may read past. */
export function startNeedsMore(head: Uint8Array): boolean {
  const b = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 8));
  const tiff = (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a);
  return tiff || b.equals(PNG_SIGNATURE);
}

function toSniffed(type: FileTypeResult | undefined): Sniffed | null {
  const format = type ? FORMAT_BY_EXT[type.ext] : undefined;
  if (!type || !format) return null;
  return { format, mime: type.mime === 'image/heif' ? 'image/heif' : MIME_BY_FORMAT[format], animated: type.ext === 'apng' };
}

/** True when the file name's extension is one of the usual ones for `format` (names without an extension agree). */
export function extensionAgrees(name: string, format: PhotoFormat): boolean {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return true;
  return EXTENSIONS_BY_FORMAT[format].includes(base.slice(dot + 1).toLowerCase());
}
