import { InvalidArgumentError } from 'commander';
import os from 'node:os';

/** Commander argument parser for positive integers. */
export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

/** Photos read at once by default: enough to keep the cores and the disk busy. */
export const DEFAULT_CONCURRENCY = Math.max(2, os.availableParallelism() * 2);
