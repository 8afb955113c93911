import type { IngestLimits } from './types.js';

/** Defaults chosen for news photos: 200 MiB covers 100 MP TIFF scans; the pixel cap is sharp's own. */
export const DEFAULT_LIMITS: Readonly<IngestLimits> = Object.freeze({
  maxBytes: 200 * 1024 * 1024,
  maxPixels: 0x3fff * 0x3fff,
  maxScans: 100,
});

/** Fills in the defaults for any limit not given. */
export function resolveLimits(limits: Partial<IngestLimits> | undefined): IngestLimits {
  return { ...DEFAULT_LIMITS, ...stripUndefined(limits ?? {}) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
