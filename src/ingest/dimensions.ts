import type { Metadata } from 'sharp';
import { heifQuarterTurn } from '../containers/isobmff-boxes.js';
import { readJpegSegments } from '../containers/jpeg-segments.js';
import type { PhotoFormat } from './types.js';
import { loadSharp } from '../util/load-sharp.js';

type Size = { width: number; height: number; vipsHeader?: Metadata };

/**
 * Width and height as stored (before any rotation), from the header alone, never decoding pixels.
 * A JPEG's frame header is found by the segment walker the metadata reader uses (it skips stray bytes like
 * ExifTool does); image-size parses the other headers in JS (fast, no thread-pool hop); libvips' header reader
 * (sharp's metadata()) knows the primary image of TIFF and HEIF better, and is every format's fallback. The
 * two libraries are imported on first use: a desk reading JPEGs loads neither (start-up).
 */
export async function headerDimensions(bytes: Buffer, format: PhotoFormat): Promise<Size | null> {
  const readers = format === 'jpeg' ? [viaJpegFrame, viaSharp] : format === 'tiff' || format === 'heic' || format === 'avif' ? [viaSharp, viaImageSize] : [viaImageSize, viaSharp];
  for (const read of readers) {
    const size = await read(bytes, format);
    if (size) return size;
  }
  return null;
}

async function viaJpegFrame(bytes: Buffer): Promise<Size | null> {
  const frame = readJpegSegments(bytes).frame;
  return frame ? { width: frame.width, height: frame.height } : null;
}

async function viaImageSize(bytes: Buffer): Promise<Size | null> {
  try {
    const { imageSize } = await import('image-size');
    const { width, height } = imageSize(bytes);
    return width > 0 && height > 0 ? { width, height } : null;
  } catch {
    return null;
  }
}

async function viaSharp(bytes: Buffer, format: PhotoFormat): Promise<Size | null> {
  try {
    const sharp = await loadSharp();
    const vipsHeader = await sharp(bytes, { failOn: 'none', limitInputPixels: false }).metadata();
    const { width, height } = vipsHeader;
    if (!width || !height) return null;
    // libheif applies the item's rotation (irot) before reporting the size; the stored size is the other way round.
    if ((format === 'heic' || format === 'avif') && heifQuarterTurn(bytes)) return { width: height, height: width, vipsHeader };
    return { width, height, vipsHeader };
  } catch {
    return null;
  }
}
