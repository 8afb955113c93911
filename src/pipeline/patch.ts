import { z } from 'zod';
import { PhotodeskError } from '../errors.js';
import type { PhotoMetadata } from '../metadata/types.js';
import type { CropSpec, RenditionOptions } from '../renditions/types.js';

const text = z.string().trim().min(1).max(10_000).nullable();

/**
 * An editor's correction of a published photo. Text fields replace what the photo's metadata says (then the
 * policy's cleaners and rules run as on any ingest); `null` removes an earlier correction of that field.
 */
export const editionPatchSchema = z.strictObject({
  credit: text.optional(),
  caption: text.optional(),
  headline: text.optional(),
  /** One creator, or several. */
  creator: z.union([z.string().trim().min(1).max(1_000).transform((s) => [s]), z.array(z.string().trim().min(1).max(1_000)).min(1)]).nullable().optional(),
  copyright: text.optional(),
  /** The alt text as published, instead of the policy's template. */
  altText: text.optional(),
  /** Where crops keep their subject: x, y in 0..1 of the displayed photo. */
  focal: z.strictObject({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) }).nullable().optional(),
  /** The crops to make besides the full frame (replaces the desk's list for this photo). */
  crops: z
    .array(z.strictObject({ name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/i, 'a crop name is letters, digits and dashes'), aspect: z.tuple([z.number().int().positive().max(100), z.number().int().positive().max(100)]) }))
    .max(8)
    .nullable()
    .optional(),
});

/** A correction, as accepted by `desk.correct` (see {@link editionPatchSchema}). */
export type EditionPatch = z.input<typeof editionPatchSchema>;
/** A correction after validation: creators always an array. */
export type ParsedPatch = z.output<typeof editionPatchSchema>;

/** The text fields a patch can correct. */
const TEXT_KEYS = ['credit', 'caption', 'headline', 'copyright'] as const;

/**
 * Validates a correction (from an HTTP body, a CLI, a script).
 * @throws `INVALID_PATCH` naming the field, e.g. `focal.x: Too big: expected number to be <=1`.
 */
export function parsePatch(input: unknown): ParsedPatch {
  const r = editionPatchSchema.safeParse(input);
  if (!r.success) {
    const first = r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(patch)'}: ${i.message}`);
    throw new PhotodeskError('INVALID_PATCH', `Invalid correction: ${first.join('; ')}`, { cause: r.error });
  }
  if (Object.keys(r.data).length === 0) throw new PhotodeskError('INVALID_PATCH', 'The correction changes nothing: give at least one field');
  return r.data;
}

/** The corrections so far and a new one: the new one's fields win; a field set to null is dropped. */
export function mergePatch(base: ParsedPatch, next: ParsedPatch): ParsedPatch {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(next)) {
    if (v === null) delete out[k];
    else if (v !== undefined) out[k] = v;
  }
  return out as ParsedPatch;
}

/** The metadata as the editor corrected it (before the policy's cleaners and rules). */
export function applyPatch(metadata: PhotoMetadata, patch: ParsedPatch): PhotoMetadata {
  const out: PhotoMetadata = { ...metadata };
  for (const k of TEXT_KEYS) if (typeof patch[k] === 'string') out[k] = patch[k];
  if (patch.creator) out.creator = [...patch.creator];
  return out;
}

/** The desk's rendition options with the photo's own focal point and crops. */
export function renditionOptionsOf(base: RenditionOptions, patch: ParsedPatch): RenditionOptions {
  return {
    ...base,
    ...(patch.focal ? { position: { x: patch.focal.x, y: patch.focal.y } } : {}),
    ...(patch.crops ? { crops: patch.crops.map((c): CropSpec => ({ name: c.name, aspect: [c.aspect[0], c.aspect[1]] })) } : {}),
  };
}
