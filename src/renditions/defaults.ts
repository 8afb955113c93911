import { ENCODERS } from './encoders.js';
import type { EncoderSettings, RenditionFormat } from './types.js';

/** The width ladder most news layouts need: phones at 1x-3x up to a 1920 px hero. */
export const DEFAULT_WIDTHS = [320, 640, 960, 1280, 1920];

/** AVIF first (smallest), WebP next (universal), JPEG as the fallback every client decodes. */
export const DEFAULT_FORMATS: RenditionFormat[] = ['avif', 'webp', 'jpeg'];

const FORMATS = Object.keys(ENCODERS) as RenditionFormat[];

/** Encoder defaults per format (from the encoder table, where each is explained). */
export const DEFAULT_ENCODERS = Object.fromEntries(FORMATS.map((f) => [f, ENCODERS[f].defaults])) as Record<RenditionFormat, EncoderSettings>;
export const MIME = Object.fromEntries(FORMATS.map((f) => [f, ENCODERS[f].mime])) as Record<RenditionFormat, string>;
export const EXT = Object.fromEntries(FORMATS.map((f) => [f, ENCODERS[f].ext])) as Record<RenditionFormat, string>;
