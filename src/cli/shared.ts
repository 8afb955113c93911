import { InvalidArgumentError } from 'commander';
import os from 'node:os';
import { PhotodeskError } from '../errors.js';

/** Commander argument parser for positive integers. */
export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

/** Photos read at once by default: enough to keep the cores and the disk busy. */
export const DEFAULT_CONCURRENCY = Math.max(2, os.availableParallelism() * 2);

/** The JSON form of an error for per-file results. Configuration errors are not per-file: they propagate. */
export function errorJson(e: unknown): { code: string; message: string; hint?: string } {
  if (e instanceof PhotodeskError) {
    if (e.code === 'INVALID_CONFIG') throw e;
    return e.toJSON();
  }
  return { code: 'INTERNAL_ERROR', message: (e as Error).message ?? String(e) };
}
