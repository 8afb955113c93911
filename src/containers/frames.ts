import { isWebp, riffChunks } from './webp-chunks.js';

/**
 * How many frames an animated WebP or GIF holds, counted from its container without decoding: a reader that
 * shows the animation decodes every frame at the canvas size, so canvas x frames is what it costs. A 200-byte
 * WebP can declare a 16383 x 16383 canvas and a handful of 1 x 1 frames. libvips reports the page count only
 * after opening the file, and image-size the canvas alone; both walks are a few lines of length-prefixed blocks.
 */

/** Frames of a WebP: its ANMF chunks (0 for a still image). Stops counting at `stop`. */
export function webpFrames(bytes: Buffer, stop = Infinity): number {
  if (!isWebp(bytes)) return 0;
  let frames = 0;
  for (const chunk of riffChunks(bytes)) {
    if (chunk.type === 'ANMF' && ++frames >= stop) break;
  }
  return frames;
}

/** Frames of a GIF: its image descriptors. Stops counting at `stop`, or where the block structure breaks. */
export function gifFrames(bytes: Buffer, stop = Infinity): number {
  if (bytes.length < 13 || bytes.toString('latin1', 0, 3) !== 'GIF') return 0;
  const colourTable = (flags: number) => (flags & 0x80 ? 3 << ((flags & 7) + 1) : 0);
  let pos = 13 + colourTable(bytes[10]!);
  let frames = 0;
  /** Skips a chain of length-prefixed sub-blocks ending with a zero length. */
  const skipSubBlocks = (p: number) => {
    while (p < bytes.length && bytes[p] !== 0) p += bytes[p]! + 1;
    return p + 1;
  };
  while (pos < bytes.length && frames < stop) {
    const block = bytes[pos];
    if (block === 0x21) pos = skipSubBlocks(pos + 2); // extension: introducer, label, sub-blocks
    else if (block === 0x2c) {
      frames++;
      if (pos + 10 > bytes.length) break;
      pos = skipSubBlocks(pos + 10 + colourTable(bytes[pos + 9]!) + 1); // descriptor, local table, LZW code size
    } else break; // 0x3b (trailer) or damage
  }
  return frames;
}
