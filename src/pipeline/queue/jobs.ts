import { isPhotodeskError, type ErrorCode } from '../../errors.js';
import type { PublishedPhoto } from '../edition.js';
import type { EditionPatch } from '../patch.js';
import { hashOf } from '../../util/canonical.js';

/**
 * What a job carries: references, never bytes. The original is in the private store (content-addressed) before
 * the job is added; Redis holds only this small record.
 */
export type PhotoJobData =
  | {
      v: 1;
      kind: 'ingest';
      photoId: string;
      /** Key of the original in the private store. */
      originalKey: string;
      /** The name it arrived under (keys are made from it). */
      name: string | null;
      override: boolean;
      /** Corrections to publish with. */
      patch: EditionPatch | null;
      by: string | null;
    }
  | { v: 1; kind: 'correct'; photoId: string; patch: EditionPatch; override: boolean; by: string | null };

/** The name a job's photo arrived under (a correction names none). */
export function nameOf(data: PhotoJobData): string | null {
  return data.kind === 'ingest' ? data.name : null;
}

/** What a finished job returns: the public record of the edition (no findings, no source path). */
export interface PhotoJobResult {
  status: 'published' | 'already-published';
  photoId: string;
  editionId: string;
  previousEdition: string | null;
  manifestUrl: string | null;
  pointerUrl: string;
  urls: { url: string; width: number; format: string; crop: string | null }[];
  markup: string | null;
  creditLine: string | null;
  altText: string;
  verdict: string;
  rendered: number;
  reused: number;
}

/** A job's failure as the queue keeps it: `CODE: message` (readable on dashboards, the code first for tools). */
export interface JobFailure {
  code: string;
  message: string;
}

/**
 * The job id: the photo's identity, so the same photo enqueued twice while waiting is one job. A correction's id
 * adds a hash of its patch (two different corrections of one photo are two jobs; the same one twice, one).
 */
export function jobIdOf(data: PhotoJobData): string {
  if (data.kind === 'ingest') return data.photoId;
  return `${data.photoId}-correct-${hashOf({ patch: data.patch, override: data.override }, 12)}`;
}

/**
 * Codes a retry cannot change: the bytes, the policy's verdict or the request are what they are. Everything
 * else (a storage outage, a lost pointer race, a crash) is retried with backoff.
 */
const FINAL: ReadonlySet<string> = new Set<ErrorCode | string>([
  'UNSUPPORTED_TYPE',
  'FILE_TOO_LARGE',
  'PIXEL_LIMIT_EXCEEDED',
  'DECODE_LIMIT_EXCEEDED',
  'CORRUPT_IMAGE',
  'INVALID_INPUT',
  'INVALID_CONFIG',
  'INVALID_KEY',
  'INVALID_PATCH',
  'PHOTO_WITHDRAWN',
  'PHOTO_NOT_FOUND',
  'POLICY_FAILED',
]);

/** Whether a failure is final (not retried). */
export function isFinal(code: string): boolean {
  return FINAL.has(code);
}

/** The code and message of any error a job can end with. */
export function failureOf(e: unknown): JobFailure {
  if (isPhotodeskError(e)) return { code: e.code, message: e.message };
  return { code: 'INTERNAL_ERROR', message: (e as Error)?.message ?? String(e) };
}

/** `CODE: message`, the form kept as the job's failedReason. */
export function failureText(f: JobFailure): string {
  return `${f.code}: ${f.message}`;
}

/** Reads a failedReason back (a reason BullMQ wrote itself, such as a stall limit, is INTERNAL_ERROR). */
export function parseFailure(reason: string | undefined | null): JobFailure {
  const m = /^([A-Z][A-Z0-9_]{2,}): ([\s\S]*)$/.exec(reason ?? '');
  return m ? { code: m[1]!, message: m[2]! } : { code: 'INTERNAL_ERROR', message: reason ?? 'unknown failure' };
}

/** The public record a job returns. */
export function resultOf(r: PublishedPhoto): PhotoJobResult {
  return {
    status: r.status === 'already-published' ? 'already-published' : 'published',
    photoId: r.photoId,
    editionId: r.editionId,
    previousEdition: r.previousEdition,
    manifestUrl: r.manifestUrl,
    pointerUrl: r.pointerUrl,
    urls: r.renditions.map((x) => ({ url: x.url, width: x.width, format: x.format, crop: x.crop })),
    markup: r.markup,
    creditLine: r.creditLine,
    altText: r.altText,
    verdict: r.verdict,
    rendered: r.rendered,
    reused: r.reused,
  };
}
