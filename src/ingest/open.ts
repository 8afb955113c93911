import { createHash } from 'node:crypto';
import { PhotodeskError } from '../errors.js';
import { gifFrames, webpFrames } from '../containers/frames.js';
import { countJpegScans } from '../containers/jpeg-segments.js';
import { headerDimensions } from './dimensions.js';
import { resolveLimits } from './limits.js';
import { readSource } from './read-source.js';
import { extensionAgrees, sniffFormat } from './sniff.js';
import type { IngestOptions, Photo, PhotoSource, Warning } from './types.js';

/**
 * Reads a photo and checks it before anything decodes it: the type from the bytes (never the name), the
 * file size, and the pixel count from the header. Returns the bytes with their SHA-256.
 *
 * @throws {@link PhotodeskError} `UNSUPPORTED_TYPE`, `FILE_TOO_LARGE`, `PIXEL_LIMIT_EXCEEDED`, `DECODE_LIMIT_EXCEEDED`, `CORRUPT_IMAGE`,
 * `FILE_NOT_FOUND` or `INVALID_INPUT`.
 */
export async function openPhoto(source: PhotoSource, options: IngestOptions = {}): Promise<Photo> {
  const limits = resolveLimits(options.limits);
  const { bytes, file } = await readSource(source, limits.maxBytes, options.name);
  const label = file ?? 'Input';
  const sniffed = await sniffFormat(bytes);
  if (!sniffed) {
    throw new PhotodeskError(
      'UNSUPPORTED_TYPE',
      bytes.length === 0 ? `${label} is empty` : `${label} is not a supported photo (JPEG, PNG, WebP, AVIF, HEIC, TIFF, GIF)`,
      { file },
    );
  }
  const warnings: Warning[] = [];
  const name = options.name ?? file;
  if (name && !extensionAgrees(name, sniffed.format)) {
    warnings.push({
      code: 'EXTENSION_MISMATCH',
      message: `The name ${baseName(name)} does not match its content, which is ${sniffed.format.toUpperCase()}`,
    });
  }
  const dims = await headerDimensions(bytes, sniffed.format);
  if (!dims) throw new PhotodeskError('CORRUPT_IMAGE', `${label}: the ${sniffed.format.toUpperCase()} header cannot be read`, { file });
  const pixels = dims.width * dims.height;
  if (pixels > limits.maxPixels) {
    throw new PhotodeskError(
      'PIXEL_LIMIT_EXCEEDED',
      `${label} is ${dims.width} x ${dims.height} = ${pixels} pixels; the limit is ${limits.maxPixels}`,
      { file },
    );
  }
  if (sniffed.format === 'jpeg') {
    const scans = countJpegScans(bytes, limits.maxScans + 1);
    if (scans > limits.maxScans) {
      throw new PhotodeskError('DECODE_LIMIT_EXCEEDED', `${label} is a progressive JPEG with more than ${limits.maxScans} scans; each is a pass over all ${pixels} pixels`, { file });
    }
  }
  // An animation is decoded frame by frame at its canvas size: the canvas times the frames is its pixel count.
  const countFrames = sniffed.format === 'webp' ? webpFrames : sniffed.format === 'gif' ? gifFrames : null;
  const most = Math.floor(limits.maxPixels / pixels);
  const frames = countFrames ? countFrames(bytes, most + 1) : 0;
  if (frames > most) {
    throw new PhotodeskError('DECODE_LIMIT_EXCEEDED', `${label} is an animation of at least ${most + 1} frames on a ${dims.width} x ${dims.height} canvas; decoded, that is more than the ${limits.maxPixels} pixels allowed`, { file });
  }
  return {
    file,
    format: sniffed.format,
    mime: sniffed.mime,
    bytes,
    size: bytes.length,
    sha256: options.hash === false ? null : createHash('sha256').update(bytes).digest('hex'),
    width: dims.width,
    height: dims.height,
    animatedHint: sniffed.animated,
    warnings,
    ...(dims.vipsHeader ? { vipsHeader: dims.vipsHeader } : {}),
  };
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** True when `v` is a {@link Photo} from {@link openPhoto} (so later stages do not read it again). */
export function isPhoto(v: unknown): v is Photo {
  return typeof v === 'object' && v !== null && 'sha256' in v && 'format' in v && Buffer.isBuffer((v as Photo).bytes);
}
