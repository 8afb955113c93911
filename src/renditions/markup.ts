import { MIME } from './defaults.js';
import type { Rendition, RenditionFormat } from './types.js';
import { escapeXml } from '../util/xml.js';

/** What markup needs of a rendition: a stored one (from a manifest) will do as well as a rendered one. */
export type MarkupRendition = Pick<Rendition, 'name' | 'width' | 'height' | 'format' | 'crop'>;

/** Options of the markup functions. */
export interface MarkupOptions<R extends MarkupRendition = Rendition> {
  /** Alt text (the caption, or the rules' alt template). Required: an image without alt text is not published. */
  alt: string;
  /** The `sizes` attribute. Default "100vw". */
  sizes?: string;
  /** The URL of a rendition. Default: its name (relative). */
  urlOf?: (r: R) => string;
  /** Default "lazy"; use "eager" for the lead photo. */
  loading?: 'lazy' | 'eager';
  /** Default "async". */
  decoding?: 'async' | 'sync' | 'auto';
  /** Which crop to mark up (null: the full frame). */
  crop?: string | null;
  /** The format of the `<img>` fallback. Default "jpeg". */
  fallback?: RenditionFormat;
  /** Extra attributes for the `<img>` (class, style, fetchpriority...). */
  attributes?: Record<string, string>;
}

/**
 * `<picture>` with one typed `<source>` per format (in the order given: AVIF first) and an `<img>` fallback.
 * The `<img>` carries width and height (the aspect ratio, so the layout does not shift), lazy loading and
 * async decoding by default, and the alt text.
 */
export function pictureMarkup<R extends MarkupRendition>(renditions: readonly R[], options: MarkupOptions<R>): string {
  const set = renditions.filter((r) => r.crop === (options.crop ?? null));
  const formats = [...new Set(set.map((r) => r.format))];
  const fallback = options.fallback ?? (formats.includes('jpeg') ? 'jpeg' : formats[formats.length - 1]!);
  const sizes = options.sizes ?? '100vw';
  const sources = formats
    .filter((f) => f !== fallback)
    .map((f) => `  <source type="${MIME[f]}" srcset="${escapeXml(srcset(set, f, options))}" sizes="${escapeXml(sizes)}">`);
  return ['<picture>', ...sources, `  ${imgTag(set, fallback, options)}`, '</picture>'].join('\n');
}

/** A single `<img srcset sizes>` in one format (for places that cannot take `<picture>`). */
export function imgMarkup<R extends MarkupRendition>(renditions: readonly R[], options: MarkupOptions<R> & { format?: RenditionFormat }): string {
  const set = renditions.filter((r) => r.crop === (options.crop ?? null));
  return imgTag(set, options.format ?? options.fallback ?? 'jpeg', options);
}

function imgTag<R extends MarkupRendition>(set: readonly R[], format: RenditionFormat, options: MarkupOptions<R>): string {
  const of = set.filter((r) => r.format === format).sort((a, b) => a.width - b.width);
  if (of.length === 0) throw new TypeError(`No ${format} rendition to mark up`);
  const largest = of[of.length - 1]!;
  // The fallback src: a middle size that looks right where srcset is not understood.
  const src = [...of].reverse().find((r) => r.width <= 1280) ?? of[0]!;
  const url = options.urlOf ?? ((r: R) => r.name);
  const attrs: [string, string][] = [
    ['src', url(src)],
    ['srcset', srcset(set, format, options)],
    ['sizes', options.sizes ?? '100vw'],
    ['width', String(largest.width)],
    ['height', String(largest.height)],
    ['alt', options.alt],
    ['loading', options.loading ?? 'lazy'],
    ['decoding', options.decoding ?? 'async'],
    ...Object.entries(options.attributes ?? {}),
  ];
  return `<img ${attrs.map(([k, v]) => `${k}="${escapeXml(v)}"`).join(' ')}>`;
}

function srcset<R extends MarkupRendition>(set: readonly R[], format: RenditionFormat, options: MarkupOptions<R>): string {
  const url = options.urlOf ?? ((r: R) => r.name);
  return set
    .filter((r) => r.format === format)
    .sort((a, b) => a.width - b.width)
    .map((r) => `${url(r)} ${r.width}w`)
    .join(', ');
}
