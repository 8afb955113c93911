import os from 'node:os';
import pLimit from 'p-limit';
import sharp, { type Sharp } from 'sharp';
import { PhotodeskError } from '../errors.js';
import { isPhoto, openPhoto } from '../ingest/open.js';
import type { IngestOptions, Photo, PhotoSource } from '../ingest/types.js';
import { MIME } from './defaults.js';
import { ENCODERS } from './encoders.js';
import { outputMetadata } from './embed.js';
import { decodableBytes } from './heic.js';
import { cropSize } from './plan.js';
import type { CropSpec, PlannedRendition, Rendition, RenditionPlan } from './types.js';

/**
 * Encodes in flight across every render in this process: one per core. A bulk run renders several photos at
 * once; more encodes than cores only costs time and memory (each AVIF encode runs on one thread here).
 */
const sharedEncodes = pLimit(os.availableParallelism());

/**
 * Sets how many encodes run at once across the process (default: one per core). A machine running several
 * worker processes gives each a share of its cores, e.g. one slot each for two workers on two cores.
 */
export function setEncodeSlots(slots: number): void {
  if (!Number.isInteger(slots) || slots < 1) throw new PhotodeskError('INVALID_CONFIG', `Encode slots must be a whole number of 1 or more, not ${slots}`);
  sharedEncodes.concurrency = slots;
}

function encodeLimiter(concurrency: number): ReturnType<typeof pLimit> {
  return concurrency > 0 ? pLimit(concurrency) : sharedEncodes;
}

interface Master {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/**
 * Renders a plan. The source is decoded once, upright (all eight EXIF orientations), in sRGB (CMYK and wide
 * gamut converted with their profiles), 8-bit, and only as large as the largest rendition needs (JPEG
 * shrink-on-load does most of that in the decoder); every rendition is then cut and encoded from that one
 * master, with at most one encode per core in flight (sharp runs each AVIF encode on one thread here).
 *
 * @throws `CORRUPT_IMAGE` for damaged pixel data (a JPEG truncated mid-scan), `PIXEL_LIMIT_EXCEEDED` from
 * ingest, `UNSUPPORTED_TYPE` for an animation when the plan refuses them.
 */
export async function renderRenditions(input: PhotoSource | Photo, plan: RenditionPlan, ingest: IngestOptions = {}): Promise<Rendition[]> {
  const photo = isPhoto(input) ? input : await openPhoto(input, { ...ingest, hash: false });
  const o = plan.options;
  if (o.keepP3) return renderEach(photo, plan);
  const master = await decodeMaster(photo, plan);
  const meta = outputMetadata(plan.embed, plan.options.keepP3);
  const limit = encodeLimiter(o.concurrency);
  const out: Rendition[] = new Array(plan.variants.length);
  await Promise.all(
    longestFirst(plan.variants).map((i) =>
      limit(async () => {
        const v = plan.variants[i]!;
        let img = sharp(master.data, { raw: { width: master.width, height: master.height, channels: master.channels } });
        img = frame(img, v, cropOf(plan, v.crop), master.width, master.height, o.position);
        out[i] = await encode(img, v, master.channels === 4, o.background, meta);
      }),
    ),
  );
  return out;
}

/**
 * The order to start encodes in: most expensive first (largest AVIF first), so the long jobs never start
 * last and the cores finish together. Results keep the plan's order.
 */
function longestFirst(variants: readonly PlannedRendition[]): number[] {
  const cost = (v: PlannedRendition) => v.width * v.height * ENCODERS[v.format].cost;
  return variants.map((_, i) => i).sort((a, b) => cost(variants[b]!) - cost(variants[a]!));
}

/** The decode: upright, sRGB, 8-bit, scaled to what the largest rendition of any frame needs. */
async function decodeMaster(photo: Photo, plan: RenditionPlan): Promise<Master> {
  // The size is the plan's (not recomputed from the variants): a plan cut down to the renditions still
  // missing decodes the same master, so every rendition's bytes match its render hash.
  const { width, height } = plan.master;
  const pipeline = (await source(photo, plan))
    .autoOrient()
    .resize({ width, height, fit: 'fill' })
    .toColourspace('srgb');
  try {
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels === 4 ? 4 : 3 };
  } catch (e) {
    throw corrupt(photo, e);
  }
}

/** The slow, exact path for keepP3: each rendition from the source, converted to Display P3 and tagged. */
async function renderEach(photo: Photo, plan: RenditionPlan): Promise<Rendition[]> {
  const meta = outputMetadata(plan.embed, plan.options.keepP3);
  const limit = encodeLimiter(plan.options.concurrency);
  return Promise.all(
    plan.variants.map((v) =>
      limit(async () => {
        try {
          const img = frame((await source(photo, plan)).autoOrient(), v, cropOf(plan, v.crop), plan.sourceWidth, plan.sourceHeight, plan.options.position).withIccProfile('p3');
          return await encode(img, v, false, plan.options.background, meta);
        } catch (e) {
          throw e instanceof PhotodeskError ? e : corrupt(photo, e);
        }
      }),
    ),
  );
}

async function source(photo: Photo, plan: RenditionPlan): Promise<Sharp> {
  if (plan.options.animated === 'refuse' && plan.animated) {
    throw new PhotodeskError('UNSUPPORTED_TYPE', `${photo.file ?? 'The photo'} is an animation; this desk publishes still photos only`, { file: photo.file, hint: 'Send a still frame, or set renditions.animated to "first-frame".' });
  }
  // The pixel limit was checked from the header by ingest; libvips' own limit would refuse what the desk allows.
  return sharp(await decodableBytes(photo), { failOn: plan.options.failOn, limitInputPixels: false, animated: false });
}

/** Cuts the rendition's frame (full, or a crop positioned by focal point or attention) and resizes it. */
function frame(img: Sharp, v: PlannedRendition, crop: CropSpec | null, W: number, H: number, position: RenditionPlan['options']['position']): Sharp {
  if (!crop) return img.resize({ width: v.width, height: v.height, fit: 'fill' });
  if (typeof position === 'object') {
    const { width, height } = cropSize(crop, W, H);
    const left = clamp(Math.round(position.x * W - width / 2), 0, W - width);
    const top = clamp(Math.round(position.y * H - height / 2), 0, H - height);
    return img.extract({ left, top, width, height }).resize({ width: v.width, height: v.height, fit: 'fill' });
  }
  return img.resize({ width: v.width, height: v.height, fit: 'cover', position: position === 'attention' ? sharp.strategy.attention : 'centre' });
}

async function encode(img: Sharp, v: PlannedRendition, alpha: boolean, background: string, meta: ReturnType<typeof outputMetadata>): Promise<Rendition> {
  let out = img;
  if (v.format === 'jpeg' && alpha) out = out.flatten({ background });
  if (meta.exif) out = out.withExif(meta.exif);
  if (meta.xmp) out = out.withXmp(meta.xmp);
  const { data, info } = await ENCODERS[v.format].apply(out, v.encoder).toBuffer({ resolveWithObject: true });
  return { name: v.name, width: info.width, height: info.height, format: v.format, crop: v.crop, bytes: data.length, body: data, contentType: MIME[v.format] };
}

function cropOf(plan: RenditionPlan, name: string | null): CropSpec | null {
  return name === null ? null : (plan.options.crops.find((c) => c.name === name) ?? null);
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

function corrupt(photo: Photo, e: unknown): PhotodeskError {
  if (e instanceof PhotodeskError) return e;
  return new PhotodeskError('CORRUPT_IMAGE', `${photo.file ?? 'The photo'} cannot be decoded: ${(e as Error).message.split('\n')[0]}`, { file: photo.file, cause: e });
}
