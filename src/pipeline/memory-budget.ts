import os from 'node:os';
import { PhotodeskError } from '../errors.js';
import type { Photo } from '../ingest/types.js';

/**
 * How much decoded image memory a process lets photos hold at once. A photo is admitted when its estimated
 * cost fits beside those already admitted, and waits its turn otherwise (first come, first served, so a
 * large photo is not starved by small ones). Sixteen 16000 x 16000 uploads at once then cost the budget,
 * not sixteen gigabytes.
 */
export interface MemoryBudget {
  /** The budget, in bytes. */
  readonly bytes: number;
  /** Bytes admitted now. */
  readonly inUse: number;
  /** Photos waiting for room. */
  readonly waiting: number;
  /**
   * Waits until `cost` bytes fit, takes them, and returns the function that gives them back (call it once).
   * @throws `DECODE_LIMIT_EXCEEDED` when `cost` alone is more than the whole budget; the signal's reason when aborted while waiting.
   */
  admit(cost: number, options?: { signal?: AbortSignal; file?: string | null }): Promise<() => void>;
}

/**
 * A budget of `bytes`.
 * @throws `INVALID_CONFIG` for a budget that is not a positive number of bytes.
 */
export function createMemoryBudget(bytes: number): MemoryBudget {
  if (!Number.isFinite(bytes) || bytes <= 0) throw new PhotodeskError('INVALID_CONFIG', `memoryBudget must be a positive number of bytes, not ${bytes}`);
  let inUse = 0;
  const queue: { cost: number; admit: () => void }[] = [];
  const drain = () => {
    while (queue.length > 0 && inUse + queue[0]!.cost <= bytes) queue.shift()!.admit();
  };
  return {
    bytes,
    get inUse() {
      return inUse;
    },
    get waiting() {
      return queue.length;
    },
    admit(cost, { signal, file = null } = {}) {
      signal?.throwIfAborted();
      if (cost > bytes) {
        return Promise.reject(
          new PhotodeskError('DECODE_LIMIT_EXCEEDED', `${file ?? 'The photo'} needs about ${mb(cost)} MB decoded; the memory budget is ${mb(bytes)} MB`, {
            file,
            hint: 'Raise memoryBudget in the config if photos this large are expected, or ask the sender for a smaller file.',
          }),
        );
      }
      return new Promise((resolve, reject) => {
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          inUse -= cost;
          drain();
        };
        const entry = {
          cost,
          admit: () => {
            signal?.removeEventListener('abort', onAbort);
            inUse += cost;
            resolve(release);
          },
        };
        const onAbort = () => {
          const i = queue.indexOf(entry);
          if (i >= 0) queue.splice(i, 1);
          drain(); // the photo behind it may fit now
          reject(signal!.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(entry);
        drain();
      });
    },
  };
}

/**
 * The default budget: a quarter of the memory this process may use (the container's limit when it has one,
 * else the machine's), at least 512 MiB.
 */
export function defaultBudgetBytes(): number {
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
  // constrainedMemory() is 0, or a huge number, when there is no limit.
  const available = constrained > 0 && constrained < os.totalmem() ? constrained : os.totalmem();
  return Math.max(512 * 1024 * 1024, Math.floor(available / 4));
}

let shared: MemoryBudget | null = null;

/** The process-wide budget desks share unless given their own ({@link defaultBudgetBytes}). */
export function sharedMemoryBudget(): MemoryBudget {
  return (shared ??= createMemoryBudget(defaultBudgetBytes()));
}

/**
 * What decoding a photo costs, estimated from its header: the whole frame at 4 bytes a pixel (libvips
 * decodes an animation's first frame onto its whole canvas; a PNG, WebP or TIFF has no shrink-on-load),
 * three times over for HEIC (the WebAssembly decoder's frame, its RGBA copy and the PNG handed to libvips),
 * plus the file's own bytes.
 */
export function decodeCost(photo: Pick<Photo, 'width' | 'height' | 'format' | 'size'>): number {
  return photo.width * photo.height * 4 * (photo.format === 'heic' ? 3 : 1) + photo.size;
}

function mb(n: number): number {
  return Math.round(n / (1024 * 1024));
}
