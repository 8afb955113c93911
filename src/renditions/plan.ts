import type { PhotoMetadata } from '../metadata/types.js';
import { hashOf } from '../util/canonical.js';
import { DEFAULT_ENCODERS, DEFAULT_FORMATS, DEFAULT_WIDTHS, EXT } from './defaults.js';
import { publicRecord } from '../metadata/fields.js';
import { DEFAULT_EMBED, outputMetadata } from './embed.js';
import type { CropSpec, PlannedRendition, RenditionOptions, RenditionPlan } from './types.js';

/** Bumped when the renderer's output changes for the same inputs, so new bytes get new keys. */
const RENDERER_VERSION = 1;

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
  const variants: Omit<PlannedRendition, 'renderHash'>[] = [];
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
  const resolved: RenditionPlan['options'] = {
    fullFrame: options.fullFrame !== false,
    position: options.position ?? 'attention',
    background: options.background ?? '#ffffff',
    keepP3: options.keepP3 ?? false,
    animated: options.animated ?? 'first-frame',
    metadata: options.metadata ?? {},
    embed: options.embed ?? [...DEFAULT_EMBED],
    failOn: options.failOn ?? 'error',
    placeholder: options.placeholder ?? 'thumbhash',
    concurrency: options.concurrency ?? 0,
    crops,
  };
  const chosen = new Set(options.embed ?? DEFAULT_EMBED);
  if (options.metadata?.caption) chosen.add('caption');
  if (options.metadata?.webStatement) chosen.add('webStatement');
  const embed = publicRecord(metadata, [...chosen]);
  const master = masterSize(metadata.displayWidth, metadata.displayHeight, variants, crops);
  // Everything the renderer reads for a variant besides the variant itself; the exact metadata bytes written.
  const common = { v: RENDERER_VERSION, sha256: metadata.sha256, master, keepP3: resolved.keepP3, background: resolved.background, animated: resolved.animated, embed: outputMetadata(embed, resolved.keepP3) };
  return {
    sha256: metadata.sha256,
    sourceWidth: metadata.displayWidth,
    sourceHeight: metadata.displayHeight,
    animated: metadata.animated,
    master,
    variants: variants.map((v) => {
      const crop = v.crop === null ? null : { aspect: crops.find((c) => c.name === v.crop)!.aspect, position: resolved.position };
      return { ...v, renderHash: hashOf({ ...common, width: v.width, height: v.height, format: v.format, encoder: v.encoder, crop }, 16) };
    }),
    options: resolved,
    embed,
  };
}

/** The decode size: as large as the largest rendition of any frame needs, never larger than the source. */
function masterSize(W: number, H: number, variants: readonly Pick<PlannedRendition, 'width' | 'crop'>[], crops: readonly CropSpec[]): { width: number; height: number } {
  let scale = 0;
  for (const v of variants) {
    const crop = v.crop === null ? null : (crops.find((c) => c.name === v.crop) ?? null);
    const frameW = crop ? cropSize(crop, W, H).width : W;
    scale = Math.max(scale, v.width / frameW);
  }
  scale = Math.min(1, scale);
  return { width: Math.max(1, Math.round(W * scale)), height: Math.max(1, Math.round(H * scale)) };
}

/** The largest box of a crop's aspect ratio inside W x H. */
export function cropSize(crop: CropSpec, W: number, H: number): { width: number; height: number } {
  const [aw, ah] = crop.aspect;
  const s = Math.min(W / aw, H / ah);
  return { width: Math.max(1, Math.floor(aw * s)), height: Math.max(1, Math.floor(ah * s)) };
}

/** The ladder's steps below the source width, and the source width itself when it is below the top step. */
function ladderFor(ladder: number[], sourceWidth: number): number[] {
  const steps = ladder.filter((w) => w < sourceWidth);
  if (ladder.some((w) => w >= sourceWidth) || steps.length === 0) steps.push(sourceWidth);
  return steps;
}
