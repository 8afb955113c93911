import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp, { type JpegOptions } from 'sharp';
import { deflateSync } from 'node:zlib';
import { pngChunk } from '../../src/containers/png-chunks.js';

/** A PNG chunk: length, type, data, CRC (the library's own writer). */
export { pngChunk };

/** An ISO BMFF (or JUMBF) box: 32-bit big-endian size, type, payload. */
export function isoBox(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

/** A RIFF chunk: type, 32-bit little-endian size, data, padded to an even length. */
export function riffChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, Buffer.alloc(data.length & 1)]);
}

/** A small photo-like JPEG (gradient plus noise), made with sharp. */
export async function makeJpeg(file: string, width = 64, height = 48, options: JpegOptions = {}): Promise<string> {
  mkdirSync(path.dirname(file), { recursive: true });
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = (x * 255) / width;
      raw[i + 1] = (y * 255) / height;
      raw[i + 2] = ((x ^ y) * 37) & 0xff;
    }
  }
  await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80, ...options }).toFile(file);
  return file;
}

/** Inserts APPn segments (already framed: FF En + length + payload) right after a JPEG's SOI marker. */
export function insertSegments(jpeg: Buffer, segments: Buffer[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

/** Frames a payload as a JPEG APPn segment. */
export function appSegment(n: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = 0xe0 + n;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** An IPTC-IIM block from [record, dataset, bytes] triples, written by hand (our own writer, beside ExifTool's). */
export function iimBlock(datasets: [number, number, Buffer | string][]): Buffer {
  return Buffer.concat(
    datasets.map(([r, d, v]) => {
      const value = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
      const head = Buffer.from([0x1c, r, d, 0, 0]);
      head.writeUInt16BE(value.length, 3);
      return Buffer.concat([head, value]);
    }),
  );
}

/** An APP13 "Photoshop 3.0" segment holding the IIM block (and an IPTC digest resource when given). */
export function app13(iim: Buffer, digestHex?: string): Buffer {
  const resource = (id: number, data: Buffer) => {
    const head = Buffer.alloc(12);
    head.write('8BIM', 0, 'latin1');
    head.writeUInt16BE(id, 4);
    head.writeUInt32BE(data.length, 8); // empty Pascal name: 2 bytes (0, pad) at offset 6
    return Buffer.concat([head, data, data.length % 2 ? Buffer.from([0]) : Buffer.alloc(0)]);
  };
  const parts = [Buffer.from('Photoshop 3.0\0', 'latin1'), resource(0x0404, iim)];
  if (digestHex) parts.push(resource(0x0425, Buffer.from(digestHex, 'hex')));
  return appSegment(13, Buffer.concat(parts));
}

/** An APP1 XMP segment with the given packet text. */
export function app1Xmp(xml: string): Buffer {
  return appSegment(1, Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(xml, 'utf8')]));
}

/** A minimal valid ZIP archive holding one stored file. */
export function minimalZip(name = 'hello.txt', content = 'hello'): Buffer {
  const data = Buffer.from(content);
  const fname = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fname.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fname.length, 28);
  const localLen = local.length + fname.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fname.length, 12);
  end.writeUInt32LE(localLen, 16);
  return Buffer.concat([local, fname, data, central, fname, end]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/**
 * A PNG declaring `width` x `height` whose single IDAT holds only the first rows: the shape of a decompression
 * bomb, small on disk. A reader that decodes it before checking the header would need width*height*4 bytes.
 */
export function pngBomb(width: number, height: number): Buffer {
  const chunk = pngChunk;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2; // RGB
  const rows = deflateSync(Buffer.alloc((width * 3 + 1) * 4));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}


/** Writes `data` to `file`, creating folders. */
export function put(file: string, data: Buffer | string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  return file;
}
