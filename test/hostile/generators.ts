import { createDeflate } from 'node:zlib';
import sharp from 'sharp';
import { app1Xmp, appSegment, insertSegments, pngChunk, riffChunk } from '../helpers/fixtures.js';

/*
 * Hostile files, made here rather than committed: each is the smallest file that shows the attack.
 */

/** zlib data that inflates to `inflated` bytes of one repeated byte, made without holding them (a few hundred KB). */
export async function deflateBomb(inflated: number, byte = 0x41): Promise<Buffer> {
  const z = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  z.on('data', (d: Buffer) => parts.push(d));
  const block = Buffer.alloc(1 << 20, byte);
  for (let done = 0; done < inflated; done += block.length) if (!z.write(block)) await new Promise((r) => z.once('drain', r));
  await new Promise((r) => z.end(r));
  return Buffer.concat(parts);
}

/** A small real PNG with `chunks` inserted after IHDR. */
export async function pngWith(chunks: Buffer[]): Promise<Buffer> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } }).png().toBuffer();
  const afterIhdr = 8 + 25;
  return Buffer.concat([png.subarray(0, afterIhdr), ...chunks, png.subarray(afterIhdr)]);
}

/** A PNG whose compressed iTXt XMP inflates to `inflated` bytes. */
export async function pngXmpBomb(inflated: number): Promise<Buffer> {
  const head = Buffer.from('XML:com.adobe.xmp\0\x01\x00\0\0', 'latin1'); // keyword, compressed, method 0, no language, no translation
  return pngWith([pngChunk('iTXt', Buffer.concat([head, await deflateBomb(inflated)]))]);
}

/** A PNG whose zTXt "Raw profile type xmp" inflates to `inflated` bytes. */
export async function pngRawProfileBomb(inflated: number): Promise<Buffer> {
  const head = Buffer.from('Raw profile type xmp\0\0', 'latin1');
  return pngWith([pngChunk('zTXt', Buffer.concat([head, await deflateBomb(inflated, 0x30)]))]);
}

/** A JPEG whose XMP nests `depth` rdf:Alt/rdf:li levels inside dc:description. */
export async function jpegDeepXmp(depth: number): Promise<Buffer> {
  const open = '<rdf:Alt><rdf:li xml:lang="x-default">'.repeat(depth);
  const close = '</rdf:li></rdf:Alt>'.repeat(depth);
  const xml = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Reuters"><dc:description>${open}deep${close}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>`;
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } }).jpeg().toBuffer();
  return insertSegments(jpeg, [app1Xmp(xml)]);
}

/** The XMP of {@link jpegDeepXmp}, in an uncompressed PNG iTXt chunk (no 64 KB segment limit). */
export async function pngDeepXmp(depth: number): Promise<Buffer> {
  const open = '<rdf:Alt><rdf:li xml:lang="x-default">'.repeat(depth);
  const close = '</rdf:li></rdf:Alt>'.repeat(depth);
  const xml = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Reuters"><dc:description>${open}deep${close}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>`;
  return pngWith([pngChunk('iTXt', Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0\0\0\0', 'latin1'), Buffer.from(xml, 'utf8')]))]);
}

/** A small progressive JPEG whose last scan is repeated until it has `scans` scans (a valid-looking scan bomb). */
export async function jpegScanBomb(scans: number): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#808080' } }).jpeg({ progressive: true, mozjpeg: false }).toBuffer();
  const sos = Buffer.from([0xff, 0xda]);
  const starts: number[] = [];
  for (let p = jpeg.indexOf(sos); p >= 0; p = jpeg.indexOf(sos, p + 2)) starts.push(p);
  const last = starts[starts.length - 1]!;
  const end = jpeg.lastIndexOf(Buffer.from([0xff, 0xd9]));
  const scan = jpeg.subarray(last, end);
  return Buffer.concat([jpeg.subarray(0, end), ...Array.from({ length: scans - starts.length }, () => scan), jpeg.subarray(end)]);
}

function uint(n: number, bytes: number, le = true): Buffer {
  const b = Buffer.alloc(bytes);
  if (le) b.writeUIntLE(n, 0, bytes);
  else b.writeUIntBE(n, 0, bytes);
  return b;
}

/** An animated WebP: `frames` 1 x 1 lossless frames on a `width` x `height` canvas (188 bytes for 3 frames). */
export async function webpCanvasBomb(frames: number, width = 16383, height = 16383): Promise<Buffer> {
  const pixel = await sharp({ create: { width: 1, height: 1, channels: 4, background: '#ff000080' } }).webp({ lossless: true }).toBuffer();
  const vp8l = pixel.subarray(12); // the VP8L chunk after RIFF....WEBP
  const vp8x = riffChunk('VP8X', Buffer.concat([Buffer.from([0x12, 0, 0, 0]), uint(width - 1, 3), uint(height - 1, 3)])); // animation + alpha
  const anim = riffChunk('ANIM', Buffer.alloc(6));
  const anmf = Array.from({ length: frames }, (_, i) => riffChunk('ANMF', Buffer.concat([uint(i, 3), uint(i, 3), uint(0, 3), uint(0, 3), uint(100, 3), Buffer.from([0]), vp8l])));
  const body = Buffer.concat([Buffer.from('WEBP'), vp8x, anim, ...anmf]);
  return Buffer.concat([Buffer.from('RIFF'), uint(body.length, 4), body]);
}

/** An animated GIF: `frames` 1 x 1 frames on a `width` x `height` logical screen. */
export function gifCanvasBomb(frames: number, width = 16383, height = 16383): Buffer {
  const screen = Buffer.concat([Buffer.from('GIF89a'), uint(width, 2), uint(height, 2), Buffer.from([0x80, 0, 0]), Buffer.from([0, 0, 0, 255, 255, 255])]);
  const frame = Buffer.from([0x21, 0xf9, 0x04, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00]);
  return Buffer.concat([screen, ...Array.from({ length: frames }, () => frame), Buffer.from([0x3b])]);
}

/**
 * An AVIF whose boxes after ftyp sit inside a 'free' box of size 0 ("to the end of the file"): libvips finds no
 * meta box, and exifr's own walk of the top-level boxes, looking for it, never ended (its offset grows by 0).
 */
export async function isoZeroSizeBox(): Promise<Buffer> {
  const avif = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#468' } }).avif().toBuffer();
  const ftyp = avif.readUInt32BE(0);
  const free = Buffer.concat([Buffer.alloc(4), Buffer.from('free', 'latin1')]); // size 0
  return Buffer.concat([avif.subarray(0, ftyp), free, avif.subarray(ftyp)]);
}

/**
 * A JPEG whose Exif IFD0 has an entry claiming `count` rationals at an offset inside the 60-byte block, beside
 * an orientation and a copyright: exifr allocated a typed array of the claimed count before reading it.
 */
export async function exifCountBomb(count: number): Promise<Buffer> {
  const ifd = Buffer.alloc(2 + 3 * 12 + 4);
  ifd.writeUInt16BE(3, 0);
  const entry = (i: number, tag: number, type: number, n: number, value: Buffer) => {
    ifd.writeUInt16BE(tag, 2 + i * 12);
    ifd.writeUInt16BE(type, 4 + i * 12);
    ifd.writeUInt32BE(n, 6 + i * 12);
    value.copy(ifd, 10 + i * 12);
  };
  entry(0, 0x0112, 3, 1, Buffer.from([0, 6, 0, 0])); // Orientation 6
  entry(1, 0x011a, 5, count, Buffer.from([0, 0, 0, 8])); // XResolution: `count` rationals from offset 8
  entry(2, 0x8298, 2, 4, Buffer.from('AFP\0', 'latin1')); // Copyright
  const block = Buffer.concat([Buffer.from('Exif\0\0MM\0*\0\0\0\x08', 'latin1'), ifd]);
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } }).jpeg().toBuffer();
  return insertSegments(jpeg, [appSegment(1, block)]);
}
