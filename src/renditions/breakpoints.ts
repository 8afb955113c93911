import sharp from 'sharp';
import { isPhoto, openPhoto } from '../ingest/open.js';
import type { Photo, PhotoSource } from '../ingest/types.js';
import { ENCODERS } from './encoders.js';
import type { RenditionFormat } from './types.js';

/** Options of {@link byteStepWidths}. */
export interface ByteStepOptions {
  /** Consecutive renditions differ by at least this many kilobytes. */
  stepKB: number;
  /** Smallest width. Default 320. */
  minWidth?: number;
  /** Largest width (never more than the photo's). Default 1920. */
  maxWidth?: number;
  /** At most this many widths. Default 8. */
  maxCount?: number;
  /** The format whose sizes decide. Default JPEG (the fallback every client may download). */
  format?: RenditionFormat;
}

/**
 * Widths chosen by bytes rather than a fixed ladder ("responsive breakpoints"): candidates every 5% of the
 * range are encoded from one decode of the photo, and a width is kept when its file is at least `stepKB`
 * larger than the last kept one. The top width is always kept. Use the result as `planRenditions`'s `widths`.
 */
export async function byteStepWidths(input: PhotoSource | Photo, options: ByteStepOptions): Promise<number[]> {
  const photo = isPhoto(input) ? input : await openPhoto(input, { hash: false });
  const format = options.format ?? 'jpeg';
  const { data, info } = await sharp(photo.bytes, { failOn: 'none', limitInputPixels: false })
    .autoOrient()
    .resize({ width: options.maxWidth ?? 1920, withoutEnlargement: true })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const top = info.width;
  const min = Math.min(options.minWidth ?? 320, top);
  const candidates = [...new Set(Array.from({ length: 21 }, (_, i) => Math.round(min + ((top - min) * i) / 20)))];
  const sizeAt = async (w: number) => {
    const img = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).resize({ width: w });
    return (await ENCODERS[format].apply(img, ENCODERS[format].defaults).toBuffer()).length;
  };
  const sizes = await Promise.all(candidates.map(sizeAt));
  const kept: number[] = [candidates[0]!];
  let last = sizes[0]!;
  for (let i = 1; i < candidates.length; i++) {
    if (sizes[i]! - last >= options.stepKB * 1024) {
      kept.push(candidates[i]!);
      last = sizes[i]!;
    }
  }
  if (kept[kept.length - 1] !== top) kept.push(top);
  const maxCount = Math.max(2, options.maxCount ?? 8);
  if (kept.length <= maxCount) return kept;
  // Too many: keep an even spread that includes both ends.
  return Array.from({ length: maxCount }, (_, i) => kept[Math.round((i * (kept.length - 1)) / (maxCount - 1))]!);
}
