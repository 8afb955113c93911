import { hasC2pa } from './c2pa.js';

/**
 * The metadata and header facts of a WebP from its RIFF chunks: EXIF, XMP and ICC chunks, alpha and frames.
 * Written by hand because libvips' header read of a WebP (sharp's metadata()) costs about 1.4 ms a file, ten
 * times a JPEG's whole metadata read, and the walk is a few lines: chunks are length-prefixed, so the
 * compressed picture is skipped without being read. It answers as libvips does (through libwebp's demuxer): a
 * metadata chunk counts when the VP8X flags announce it (the first of its kind), alpha is the VP8X flag (a
 * lossless bitstream's own bit without VP8X), and an animation has alpha when a frame has or does not cover
 * the canvas. test/metadata/webp-chunks.test.ts holds the two to the same answers.
 */
export interface WebpChunks {
  exif: Buffer | null;
  xmp: Buffer | null;
  icc: Buffer | null;
  /** True when the picture has an alpha channel as libvips decodes it. */
  hasAlpha: boolean;
  /** Pages as libvips counts them: the ANMF chunks of an animation (VP8X animation flag), else 1. */
  pages: number;
  /** False when the file is not a RIFF WEBP or holds no picture chunk (VP8, VP8L, ANMF). */
  valid: boolean;
  /** True when a C2PA chunk holds a C2PA manifest store. */
  c2pa: boolean;
}

/** One RIFF chunk: its four-character type and its data (cut at the end of the file when it claims more). */
export interface RiffChunk {
  type: string;
  data: Buffer;
}

/** The chunks of `bytes` from `start` (12 for a whole WebP, 16 inside an ANMF chunk), in file order. */
export function* riffChunks(bytes: Buffer, start = 12): Generator<RiffChunk> {
  for (let pos = start; pos + 8 <= bytes.length; ) {
    const size = bytes.readUInt32LE(pos + 4);
    yield { type: bytes.toString('latin1', pos, pos + 4), data: bytes.subarray(pos + 8, Math.min(pos + 8 + size, bytes.length)) };
    pos += 8 + size + (size & 1); // chunks are padded to an even length
  }
}

/** True when `bytes` start with a RIFF header of form type WEBP. */
export function isWebp(bytes: Buffer): boolean {
  return bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP';
}

// The VP8X flags byte (WebP container specification).
const FLAG = { animation: 0x02, xmp: 0x04, exif: 0x08, alpha: 0x10, icc: 0x20 } as const;

/** The metadata blocks, alpha and pages of a WebP, as libvips would report them (`valid: false` when it is none). */
export function readWebpChunks(bytes: Buffer): WebpChunks {
  const out: WebpChunks = { exif: null, xmp: null, icc: null, hasAlpha: false, pages: 1, valid: false, c2pa: false };
  if (!isWebp(bytes)) return out;
  let flags = 0;
  let canvas: [number, number] | null = null;
  let frames = 0;
  let frameAlpha = false;
  const found: { exif?: Buffer; xmp?: Buffer; icc?: Buffer } = {};
  for (const { type, data } of riffChunks(bytes)) {
    if (type === 'VP8X' && data.length >= 10 && !canvas) {
      flags = data[0]!;
      canvas = [data.readUIntLE(4, 3) + 1, data.readUIntLE(7, 3) + 1];
    } else if (type === 'ANMF' && data.length >= 16) {
      frames++;
      out.valid = true;
      // A frame with alpha, or one that does not cover the canvas, leaves transparent pixels.
      const covers = canvas !== null && data.readUIntLE(6, 3) + 1 === canvas[0] && data.readUIntLE(9, 3) + 1 === canvas[1];
      frameAlpha ||= !covers || [...riffChunks(data, 16)].some(pictureAlpha);
    } else if (type === 'VP8 ' || type === 'VP8L') {
      out.valid = true;
      // A simple-format file has no VP8X: its only alpha is a lossless bitstream's.
      if (!canvas && pictureAlpha({ type, data })) flags |= FLAG.alpha;
    } else if (type === 'EXIF') found.exif ??= data;
    else if (type === 'XMP ') found.xmp ??= data;
    else if (type === 'ICCP') found.icc ??= data;
    else if (type === 'C2PA') out.c2pa ||= hasC2pa(data);
  }
  const animation = (flags & FLAG.animation) !== 0;
  if (animation) out.pages = Math.max(1, frames);
  out.hasAlpha = (flags & FLAG.alpha) !== 0 || (animation && frames > 1 && frameAlpha);
  if (flags & FLAG.exif) out.exif = found.exif ?? null;
  if (flags & FLAG.xmp) out.xmp = found.xmp ?? null;
  if (flags & FLAG.icc) out.icc = found.icc ?? null;
  return out;
}

/** Alpha of a picture chunk: an ALPH chunk is alpha; a VP8L header says it in bit 28 after its signature byte. */
function pictureAlpha({ type, data }: RiffChunk): boolean {
  if (type === 'ALPH') return true;
  return type === 'VP8L' && data.length >= 5 && data[0] === 0x2f && ((data.readUInt32LE(1) >>> 28) & 1) === 1;
}
