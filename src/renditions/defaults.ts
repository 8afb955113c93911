import type { EncoderSettings, RenditionFormat } from './types.js';

/** The width ladder most news layouts need: phones at 1x-3x up to a 1920 px hero. */
export const DEFAULT_WIDTHS = [320, 640, 960, 1280, 1920];

/** AVIF first (smallest), WebP next (universal), JPEG as the fallback every client decodes. */
export const DEFAULT_FORMATS: RenditionFormat[] = ['avif', 'webp', 'jpeg'];

/**
 * Encoder defaults, chosen by `npm run bench -- renditions` (see the README for the table): each at the
 * point where more effort buys little size for a lot of time on a 2-core machine.
 */
export const DEFAULT_ENCODERS: Record<RenditionFormat, EncoderSettings> = {
  avif: { quality: 50, effort: 4 },
  webp: { quality: 75, effort: 4 },
  jpeg: { quality: 80 },
};

export const MIME: Record<RenditionFormat, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' };
export const EXT: Record<RenditionFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg' };
