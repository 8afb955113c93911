import type { Sharp } from 'sharp';
import type { EncoderSettings, RenditionFormat } from './types.js';

/** One output format: its file extension, MIME type, default settings, and how sharp is told to encode it. */
export interface Encoder {
  ext: string;
  mime: string;
  /** Relative CPU cost of a pixel (AVIF is most of it), for starting the longest encodes first. */
  cost: number;
  defaults: EncoderSettings;
  apply(img: Sharp, e: EncoderSettings): Sharp;
}

/**
 * The encoder table: adding a format is one row. Defaults measured on a photo-like 24 MP JPEG (all five
 * widths; see the README's table):
 * - AVIF q50, effort 3, tune ssim, 4:4:4: a quarter of effort 4's time (effort 4 is 0.1-0.4 dB better at equal
 *   bytes on real photos, for 4.5x the time; 4:2:0 trades PSNR for luma SSIM), and 9x faster than sharp
 *   0.35's default tuning ('auto'), which is also larger. Tuned for SSIM rather than PSNR:
 *   better on both at equal bytes on the corpus photos (+0.03-0.08 dB, +0.001-0.002 SSIM), 10% more time.
 *   AVIF is most of the CPU.
 * - WebP q75, effort 4: effort 2 needed 1.3x the bytes for the same PSNR (-0.5 dB at eleventy-img's bytes);
 *   smart subsampling gained 0.1-0.3 dB of PSNR but lost SSIM, at twice the time (`npm run bench -- quality`).
 * - JPEG q80 with mozjpeg: 17% smaller and 0.8 dB better than plain libjpeg, for the cheapest format's time.
 */
export const ENCODERS: Record<RenditionFormat, Encoder> = {
  avif: {
    ext: 'avif',
    mime: 'image/avif',
    cost: 10,
    defaults: { quality: 50, effort: 3, tune: 'ssim', chromaSubsampling: '4:4:4' },
    apply: (img, e) => img.avif({ quality: e.quality, effort: e.effort ?? 3, chromaSubsampling: e.chromaSubsampling ?? '4:4:4', tune: e.tune ?? 'ssim' }),
  },
  webp: {
    ext: 'webp',
    mime: 'image/webp',
    cost: 2,
    defaults: { quality: 75, effort: 4 },
    apply: (img, e) => img.webp({ quality: e.quality, effort: e.effort ?? 4, smartSubsample: e.smartSubsample ?? false }),
  },
  jpeg: {
    ext: 'jpg',
    mime: 'image/jpeg',
    cost: 1,
    defaults: { quality: 80, mozjpeg: true },
    apply: (img, e) => img.jpeg({ quality: e.quality, mozjpeg: e.mozjpeg ?? true }),
  },
};
