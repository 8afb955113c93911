import sharp from 'sharp';
import { PhotodeskError } from '../errors.js';

/*
 * A 64-bit DCT perceptual hash (the "pHash" of Zauner's thesis, as imagehash computes it): the photo upright,
 * grey, squeezed to 32x32; a 2-D DCT; the 8x8 lowest frequencies; one bit per coefficient, set when it is
 * above their median. Written here because the npm packages that do it either decode with their own (slow,
 * pure-JS) decoders or pull in canvas; sharp's shrink-on-load makes the 32x32 decode cheap.
 */

const N = 32;
const K = 8;
/** cos((2x + 1) u pi / 2N) for u < K, x < N. */
const COS = (() => {
  const t = new Float64Array(K * N);
  for (let u = 0; u < K; u++) for (let x = 0; x < N; x++) t[u * N + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N));
  return t;
})();

/**
 * Below this median magnitude of the 63 lowest AC coefficients (unnormalised DCT of 32x32 pixels of 0-255), a
 * picture is featureless (a smooth gradient, a flat test card): its bits would come from encoder noise, so it
 * gets no hash and is never called anyone's duplicate. Photos measure in the hundreds; generated gradients 20+.
 */
export const MIN_STRENGTH = 10;

/** The hash of 32x32 grey pixels (row-major), as 16 hex digits, or null for a featureless picture. */
export function dctHash(pixels: Uint8Array | Buffer): string | null {
  if (pixels.length !== N * N) throw new Error(`dctHash needs ${N * N} pixels`);
  // Separable DCT, low frequencies only: rows first (K per row), then columns.
  const rows = new Float64Array(N * K);
  for (let y = 0; y < N; y++) {
    for (let u = 0; u < K; u++) {
      let s = 0;
      for (let x = 0; x < N; x++) s += pixels[y * N + x]! * COS[u * N + x]!;
      rows[y * K + u] = s;
    }
  }
  const coeffs = new Float64Array(K * K);
  for (let v = 0; v < K; v++) {
    for (let u = 0; u < K; u++) {
      let s = 0;
      for (let y = 0; y < N; y++) s += rows[y * K + u]! * COS[v * N + y]!;
      coeffs[v * K + u] = s;
    }
  }
  const ac = [...coeffs.subarray(1)].map(Math.abs).sort((a, b) => a - b);
  if (ac[31]! < MIN_STRENGTH) return null;
  const sorted = [...coeffs].sort((a, b) => a - b);
  const median = (sorted[31]! + sorted[32]!) / 2;
  let hex = '';
  for (let i = 0; i < 64; i += 4) {
    let nibble = 0;
    for (let b = 0; b < 4; b++) nibble = (nibble << 1) | (coeffs[i + b]! > median ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}

/**
 * The perceptual hash of a photo (16 hex digits): equal or close (a small {@link hammingDistance}) for the same
 * picture re-encoded, resized, re-tagged or slightly cropped; null for a featureless picture ({@link MIN_STRENGTH}).
 * @throws `CORRUPT_IMAGE` when the picture cannot be decoded.
 */
export async function perceptualHash(input: Buffer | Uint8Array | string): Promise<string | null> {
  try {
    const pixels = await sharp(input, { failOn: 'none', limitInputPixels: false, sequentialRead: true })
      .rotate()
      // Transparency over white, as renditions show it (a copy re-encoded as JPEG has lost its alpha).
      .flatten({ background: '#ffffff' })
      .greyscale()
      .resize(N, N, { fit: 'fill', kernel: 'cubic' })
      .raw()
      .toBuffer();
    return dctHash(pixels);
  } catch (cause) {
    throw new PhotodeskError('CORRUPT_IMAGE', `The picture cannot be decoded for its perceptual hash: ${(cause as Error).message}`, { cause });
  }
}

/** Bits that differ between two 16-hex-digit hashes (0: the same picture; 64: opposites). */
export function hammingDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 16; i += 8) d += popcount32((parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0);
  return d;
}

/** Set bits of a 32-bit integer. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
