import { createHash } from 'node:crypto';
import { PhotodeskError } from '../errors.js';
import { gifFrames, webpFrames } from '../containers/frames.js';
import { countJpegScans, readJpegSegments } from '../containers/jpeg-segments.js';
import { headerDimensions } from './dimensions.js';
import { resolveLimits } from './limits.js';
import { readHeadAndTail, readSource, tooLarge } from './read-source.js';
import { extensionAgrees, isJpegStart, sniffFormat, sniffPastStart, startNeedsMore, type Sniffed } from './sniff.js';
import type { IngestLimits, IngestOptions, Photo, PhotoSource, Warning } from './types.js';

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
  return checkPhoto(bytes, bytes.length, file, options, limits, orRefuse(await sniffFormat(bytes), bytes.length, file));
}

/**
 * How much of a JPEG the metadata-only read takes from its start, in steps, and from its end. 16 KiB holds
 * everything before the first scan of three in four of the shared corpus's JPEGs (and of a desk's generated
 * or re-saved ones), 128 KiB nearly all the rest. Reading 128 KiB of each at once, `validate` of 1,000
 * generated photos took 0.92 s; in steps, 0.81 s.
 */
const HEAD_STEPS = [16 * 1024, 128 * 1024];
const TAIL_BYTES = 64;

/**
 * For reading metadata alone (`hash: false`, a path): a baseline JPEG's start, up to its first scan, and its
 * last bytes, not the whole file, which was half the time of `photodesk validate` over multi-megabyte photos.
 * The Photo it returns holds those bytes only: it is for the metadata reader, never for rendering, so this
 * is not exported from the stage. Anything the start and end do not settle is read whole by {@link openPhoto}:
 * other formats, metadata past the first 128 KiB, a progressive JPEG (its scans are counted over the whole
 * file), and an end that is not the end-of-image marker (a truncation or trailing data is searched for).
 * A file that is not a photo is refused (`UNSUPPORTED_TYPE`) from its first bytes, however large it is.
 */
export async function openPhotoForMetadata(source: PhotoSource, options: IngestOptions = {}): Promise<Photo> {
  if (typeof source !== 'string' || options.hash !== false) return openPhoto(source, options);
  const limits = resolveLimits(options.limits);
  const { bytes, tailAt, size } = await readHeadAndTail(source, { heads: HEAD_STEPS, tail: TAIL_BYTES, wantsMore: beforeFirstScan });
  const head = bytes.subarray(0, tailAt);
  const told = await sniffFormat(head);
  // A TIFF or PNG whose start does not tell is read whole below anyway: read it once and tell from the whole
  // (file-type reading the file itself first was a second open and read of every large TIFF).
  if (!told && tailAt < bytes.length && size <= limits.maxBytes && startNeedsMore(head)) return openPhoto(source, options);
  // What it is before how big it is: anything not a photo is refused as such from its start, whatever its
  // size, so `validate` can pass every file of a folder here and skip those (one open per file, not two).
  const sniffed = orRefuse(told ?? (await sniffPastStart(source, head, size)), size, source);
  if (size > limits.maxBytes) throw tooLarge(size, limits.maxBytes, source);
  if (tailAt === bytes.length) return checkPhoto(bytes, size, source, options, limits, sniffed);
  const seg = sniffed.format === 'jpeg' ? readJpegSegments(head) : null;
  if (!seg || seg.scanStart === null || !seg.frame || seg.frame.progressive || !endsWithEoi(bytes.subarray(tailAt))) return openPhoto(source, options);
  return checkPhoto(bytes, size, source, options, limits, sniffed);
}

/** True when `head` starts a JPEG whose first scan it does not reach: the next step of the start is wanted. */
function beforeFirstScan(head: Buffer): boolean {
  return isJpegStart(head) && readJpegSegments(head).scanStart === null;
}

/** True when `tail`, less the zero padding some writers add, ends with the end-of-image marker. */
function endsWithEoi(tail: Buffer): boolean {
  let last = tail.length;
  while (last > 2 && tail[last - 1] === 0) last--;
  return tail[last - 2] === 0xff && tail[last - 1] === 0xd9;
}

/** @throws `UNSUPPORTED_TYPE` when the sniff found no supported photo in `size` bytes */
function orRefuse(sniffed: Sniffed | null, size: number, file: string | null): Sniffed {
  if (sniffed) return sniffed;
  const label = file ?? 'Input';
  throw new PhotodeskError('UNSUPPORTED_TYPE', size === 0 ? `${label} is empty` : `${label} is not a supported photo (JPEG, PNG, WebP, AVIF, HEIC, TIFF, GIF)`, { file });
}

/** The checks of {@link openPhoto} on bytes in memory of a sniffed format (`size`: the whole file's). */
async function checkPhoto(bytes: Buffer, size: number, file: string | null, options: IngestOptions, limits: IngestLimits, sniffed: Sniffed): Promise<Photo> {
  const label = file ?? 'Input';
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
    size,
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
