import { inflateSync, crc32 } from 'node:zlib';
import { hasC2pa } from './c2pa.js';

/**
 * XMP, IPTC and EXIF of a PNG: the iTXt "XML:com.adobe.xmp" and eXIf chunks, and ImageMagick's "Raw profile
 * type xmp/iptc" text chunks. libvips skips compressed iTXt and the raw profiles, and the walk is a few lines:
 * chunks are length-prefixed, so IDAT is skipped without being read.
 */
export interface PngChunks {
  xmp: Buffer | null;
  exif: Buffer | null;
  iptc: Buffer | null;
  icc: Buffer | null;
  /** From IHDR's colour type: gray or rgb, and whether there is alpha (an alpha channel or a tRNS chunk). */
  colorSpace: 'gray' | 'rgb' | null;
  hasAlpha: boolean;
  /** Compressed chunks skipped because they inflate past {@link MAX_INFLATED} (a "zip bomb" in metadata). */
  oversized: string[];
  /** True when a caBX chunk holds a C2PA manifest store. */
  c2pa: boolean;
}

/**
 * The most a compressed metadata chunk may inflate to: 16 MiB, far beyond any real XMP packet, IPTC block
 * or ICC profile. zlib stops there (`maxOutputLength`), so a 1 MB chunk that would inflate to gigabytes costs
 * at most this much memory, and the chunk is skipped with a warning.
 */
export const MAX_INFLATED = 16 * 1024 * 1024;

export function readPngChunks(bytes: Buffer): PngChunks {
  const out: PngChunks = { xmp: null, exif: null, iptc: null, icc: null, colorSpace: null, hasAlpha: false, oversized: [], c2pa: false };
  const inflate = (b: Buffer, what: string): Buffer | null => {
    try {
      return inflateSync(b, { maxOutputLength: MAX_INFLATED });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') out.oversized.push(what);
      return null;
    }
  };
  let pos = 8;
  while (pos + 8 <= bytes.length) {
    const len = bytes.readUInt32BE(pos);
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    const data = bytes.subarray(pos + 8, Math.min(pos + 8 + len, bytes.length));
    if (type === 'IHDR' && data.length >= 10) {
      const colorType = data[9]!;
      out.colorSpace = colorType === 0 || colorType === 4 ? 'gray' : 'rgb';
      out.hasAlpha = colorType === 4 || colorType === 6;
    } else if (type === 'tRNS') out.hasAlpha = true;
    else if (type === 'iCCP' && !out.icc) out.icc = iccp(data, inflate);
    else if (type === 'iTXt' && !out.xmp) out.xmp = itxtXmp(data, inflate);
    else if (type === 'eXIf' && !out.exif) out.exif = data;
    else if (type === 'zTXt' || type === 'tEXt') {
      const profile = rawProfile(data, type === 'zTXt', inflate);
      if (profile?.kind === 'xmp') out.xmp ??= profile.data;
      else if (profile?.kind === 'iptc') out.iptc ??= profile.data;
    }
    else if (type === 'caBX' && !out.c2pa) out.c2pa = hasC2pa(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  return out;
}

const XMP_KEYWORD = 'XML:com.adobe.xmp';

type Inflate = (b: Buffer, what: string) => Buffer | null;

function itxtXmp(data: Buffer, inflate: Inflate): Buffer | null {
  if (data.toString('latin1', 0, XMP_KEYWORD.length + 1) !== XMP_KEYWORD + '\0') return null;
  let p = XMP_KEYWORD.length + 1;
  const compressed = data[p] === 1;
  p += 2;
  p = data.indexOf(0, p) + 1; // language tag
  if (p <= 0) return null;
  p = data.indexOf(0, p) + 1; // translated keyword
  if (p <= 0) return null;
  const text = data.subarray(p);
  return compressed ? inflate(text, 'iTXt XMP') : text;
}

/** ImageMagick's "Raw profile type NAME" chunk: "\nNAME\n   LENGTH\nHEX...", zlib-compressed in zTXt. */
function rawProfile(data: Buffer, compressed: boolean, inflate: Inflate): { kind: string; data: Buffer } | null {
  const prefix = 'Raw profile type ';
  if (data.toString('latin1', 0, prefix.length) !== prefix) return null;
  const nul = data.indexOf(0);
  if (nul < 0) return null;
  const kind = data.toString('latin1', prefix.length, nul).toLowerCase();
  if (kind !== 'xmp' && kind !== 'iptc') return null;
  const raw = compressed ? inflate(data.subarray(nul + 2), `zTXt raw ${kind} profile`) : data.subarray(nul + 1);
  if (!raw) return null;
  try {
    const text = raw.toString('latin1');
    // "\n<profile name, may hold spaces>\n<spaces><length>\n<hex lines>"
    const m = /^\n?[^\n]*\n\s*(\d+)\s*\n([\s\S]*)$/.exec(text);
    if (!m) return null;
    const hex = m[2]!.replace(/[^0-9a-fA-F]/g, '');
    const bytes = Buffer.from(hex, 'hex');
    return { kind, data: bytes.subarray(0, Math.min(Number(m[1]), bytes.length)) };
  } catch {
    return null;
  }
}

/** iCCP: profile name, NUL, compression method, zlib-compressed profile. */
function iccp(data: Buffer, inflate: Inflate): Buffer | null {
  const nul = data.indexOf(0);
  if (nul < 0 || nul > 79) return null;
  return inflate(data.subarray(nul + 2), 'iCCP profile');
}

/** One PNG chunk: length, type, data, CRC-32 of type and data. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}
