import type { PhotoMetadata } from '../metadata/types.js';
import { DEFAULT_ENCODERS, DEFAULT_FORMATS, DEFAULT_WIDTHS, EXT } from './defaults.js';
import type { CropSpec, PlannedRendition, RenditionOptions, RenditionPlan } from './types.js';

/**
 * Decides, from the metadata alone, which renditions to make: the width ladder (never upscaled: a smaller
 * photo gets its own width as the top step), each format, each crop, and a deterministic name for each.
 */
export function planRenditions(metadata: PhotoMetadata, options: RenditionOptions = {}): RenditionPlan {
  if (!metadata.sha256) throw new TypeError('planRenditions needs the photo hash: read the metadata with hashing on');
  const formats = options.formats ?? DEFAULT_FORMATS;
  const ladder = [...new Set(options.widths ?? DEFAULT_WIDTHS)].filter((w) => Number.isInteger(w) && w > 0).sort((a, b) => a - b);
  const crops = options.crops ?? [];
  const frames: { crop: CropSpec | null; width: number; height: number }[] = [];
  if (options.fullFrame !== false || crops.length === 0) frames.push({ crop: null, width: metadata.displayWidth, height: metadata.displayHeight });
  for (const c of crops) {
    const [aw, ah] = c.aspect;
    const scale = Math.min(metadata.displayWidth / aw, metadata.displayHeight / ah);
    frames.push({ crop: c, width: Math.floor(aw * scale), height: Math.floor(ah * scale) });
  }
  const template = options.nameTemplate ?? '{hash12}-{width}{crop}.{ext}';
  const variants: PlannedRendition[] = [];
  for (const f of frames) {
    for (const width of ladderFor(ladder, f.width)) {
      const height = Math.max(1, Math.round((width * f.height) / f.width));
      for (const format of formats) {
        const encoder = { ...DEFAULT_ENCODERS[format], ...(options.encoders?.[format] ?? {}) };
        const name = template
          .replaceAll('{hash12}', metadata.sha256.slice(0, 12))
          .replaceAll('{hash}', metadata.sha256)
          .replaceAll('{width}', String(width))
          .replaceAll('{height}', String(height))
          .replaceAll('{crop}', f.crop ? `-${f.crop.name.replace(/[^a-z0-9]+/gi, 'x')}` : '')
          .replaceAll('{format}', format)
          .replaceAll('{ext}', EXT[format]);
        variants.push({ name, width, height, format, crop: f.crop?.name ?? null, encoder });
      }
    }
  }
  return {
    sha256: metadata.sha256,
    sourceWidth: metadata.displayWidth,
    sourceHeight: metadata.displayHeight,
    animated: metadata.animated,
    variants,
    options: {
      fullFrame: options.fullFrame !== false,
      position: options.position ?? 'attention',
      background: options.background ?? '#ffffff',
      keepP3: options.keepP3 ?? false,
      animated: options.animated ?? 'first-frame',
      metadata: options.metadata ?? {},
      failOn: options.failOn ?? 'error',
      placeholder: options.placeholder ?? 'thumbhash',
      concurrency: options.concurrency ?? 0,
      crops,
    },
    embed: {
      creator: metadata.creator,
      copyright: metadata.copyright,
      credit: metadata.credit,
      caption: options.metadata?.caption ? metadata.caption : null,
      webStatement: options.metadata?.webStatement ? metadata.webStatement : null,
    },
  };
}

/** The ladder's steps below the source width, and the source width itself when it is below the top step. */
function ladderFor(ladder: number[], sourceWidth: number): number[] {
  const steps = ladder.filter((w) => w < sourceWidth);
  if (ladder.some((w) => w >= sourceWidth) || steps.length === 0) steps.push(sourceWidth);
  return steps;
}
