import { deflateSync } from 'node:zlib';
import type { HeifError, Libheif } from 'libheif-js/wasm-bundle.js';
import sharp from 'sharp';
import { isoBoxes } from '../containers/isobmff-boxes.js';
import { pngChunk } from '../containers/png-chunks.js';
import { PhotodeskError } from '../errors.js';
import type { Photo } from '../ingest/types.js';

/**
 * HEIC (iPhones, many Android phones) decoded through libheif compiled to WebAssembly (libheif-js, from the
 * npm registry: nothing downloaded at install, nothing native). sharp's prebuilt libvips reads HEIF headers
 * and AVIF, but carries no HEVC decoder, so without this every phone photo would fail. libheif applies the
 * item's rotation and mirroring, so the pixels come out upright; the photo's ICC profile (usually Display P3)
 * is put back on them, so the colour conversion to sRGB is the same as for any other photo.
 */

/** Sources already converted, so a render and a perceptual hash of one photo decode it once. */
const converted = new WeakMap<Photo, Promise<Buffer>>();

/**
 * Bytes libvips can decode for `photo`: its own bytes, or for HEIC an uncompressed PNG of its upright pixels
 * with its ICC profile.
 *
 * @throws `CORRUPT_IMAGE` when libheif cannot decode the photo (the message says libheif's reason).
 */
export function decodableBytes(photo: Photo): Promise<Buffer> {
  if (photo.format !== 'heic') return Promise.resolve(photo.bytes);
  let p = converted.get(photo);
  if (!p) {
    p = heicToPng(photo);
    converted.set(photo, p);
  }
  return p;
}

async function heicToPng(photo: Photo): Promise<Buffer> {
  // libheif decodes what it has and fills the rest: a file cut in transfer would publish half grey.
  const cut = truncatedBox(photo.bytes);
  if (cut) {
    throw new PhotodeskError('CORRUPT_IMAGE', `${photo.file ?? 'The HEIC photo'} is cut short: its ${cut.type} box needs ${cut.needs} bytes, the file has ${photo.bytes.length}`, { file: photo.file, hint: 'The upload was interrupted: send the file again.' });
  }
  const image = await decodePrimary(photo.bytes).catch((e: unknown) => {
    const reason = e instanceof Error ? e.message : String(e);
    throw new PhotodeskError('CORRUPT_IMAGE', `${photo.file ?? 'The HEIC photo'} cannot be decoded by libheif: ${reason}`, { file: photo.file, cause: e, hint: 'Export it again from the phone or the photo library (as HEIC or JPEG).' });
  });
  const header = photo.vipsHeader ?? (await sharp(photo.bytes, { failOn: 'none', limitInputPixels: false }).metadata().catch(() => null));
  let img = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: 4 }, limitInputPixels: false });
  if (!header?.hasAlpha) img = img.removeAlpha();
  const png = await img.png({ compressionLevel: 0, adaptiveFiltering: false }).toBuffer();
  return header?.icc ? withIccChunk(png, header.icc) : png;
}

/**
 * The primary image, as RGBA. libheif-js's own wrapper (HeifDecoder, which heic-decode uses) prints its errors
 * with console.log, onto a `--json` run's stdout, and keeps only "HEIF processing error" of libheif's reason;
 * it also takes the first top-level image where libvips (and every viewer) shows the primary one. These
 * calls are the same libheif functions that wrapper makes, with the errors thrown instead.
 */
async function decodePrimary(bytes: Buffer): Promise<{ width: number; height: number; data: Uint8Array }> {
  const lib: Libheif = (await import('libheif-js/wasm-bundle.js')).default;
  await lib.ready;
  const context = lib.heif_context_alloc();
  try {
    failed(lib.heif_context_read_from_memory(context, bytes));
    const handle = failed(lib.heif_js_context_get_primary_image_handle(context));
    try {
      const image = failed(await lib.heif_js_decode_image2(handle, lib.heif_colorspace.heif_colorspace_RGB, lib.heif_chroma.heif_chroma_interleaved_RGBA));
      try {
        const plane = image.channels.find((c) => c.id.value === lib.heif_channel.heif_channel_interleaved.value);
        if (!plane) throw new Error('libheif gave no interleaved RGBA plane');
        // plane.data is a view of the WebAssembly heap, freed below and reused by the next decode: copy it out.
        const row = plane.width * 4;
        const data = new Uint8Array(row * plane.height);
        if (plane.stride === row) data.set(plane.data.subarray(0, data.length));
        else for (let y = 0; y < plane.height; y++) data.set(plane.data.subarray(y * plane.stride, y * plane.stride + row), y * row);
        return { width: plane.width, height: plane.height, data };
      } finally {
        lib.heif_image_release(image.image);
      }
    } finally {
      lib.heif_image_handle_release(handle);
    }
  } finally {
    lib.heif_context_free(context);
  }
}

/** libheif's answer, or its reason thrown: its calls return either the value or an error object with a code. */
function failed<T>(r: T | HeifError): T {
  const e = r as Partial<HeifError> | null | undefined;
  if (e === null || e === undefined) throw new Error('libheif returned nothing');
  if (e.code !== undefined && e.code.value !== 0) throw new Error(e.message || `libheif error ${e.code.value}`);
  return r as T;
}

/** The first top-level ISO BMFF box (ftyp, meta, mdat...) that runs past the end of the file, or null. */
function truncatedBox(b: Buffer): { type: string; needs: number } | null {
  for (const box of isoBoxes(b)) if (box.end > b.length) return { type: box.type, needs: box.end };
  return null;
}

/** A PNG with an iCCP chunk (the profile, deflated) right after IHDR: how a PNG says what colours it holds. */
function withIccChunk(png: Buffer, icc: Buffer): Buffer {
  const chunk = pngChunk('iCCP', Buffer.concat([Buffer.from('icc\0\0', 'latin1'), deflateSync(icc)]));
  const ihdrEnd = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}
