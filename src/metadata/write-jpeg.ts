import { createHash } from 'node:crypto';
import { PhotodeskError } from '../errors.js';
import { isExactAscii } from '../util/ascii.js';
import { exifTextOf, type ExifTextTag } from './fields.js';
import { iimBlock } from './iim-write.js';
import { irbResource, irbResources } from './irb.js';
import type { PhotoMetadata } from './types.js';
import { xmpPacket } from './xmp-write.js';

/*
 * Writing a record into a JPEG without touching its pixels: the metadata segments before the first scan are
 * replaced, everything from the scan on is copied byte for byte. Written here because no maintained JS
 * library does it: piexifjs (2019) handles EXIF only, and ExifTool (exiftool-vendored) would put a Perl
 * process behind a pure bytes-in, bytes-out step.
 */

const XMP_ID = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
const XMP_EXT_ID = Buffer.from('http://ns.adobe.com/xmp/extension/\0', 'latin1');
const EXIF_ID = Buffer.from('Exif\0\0', 'latin1');
const PHOTOSHOP_ID = Buffer.from('Photoshop 3.0\0', 'latin1');
/** The IFD0 tag numbers of the table's EXIF text tags. */
const EXIF_TAG: Record<ExifTextTag, number> = { Artist: 0x013b, Copyright: 0x8298, ImageDescription: 0x010e };
/** Payload bytes a segment holds (its 16-bit length counts itself). */
const SEGMENT_MAX = 65533;
const EXTENDED_CHUNK = SEGMENT_MAX - XMP_EXT_ID.length - 40;

interface Segment {
  marker: number;
  data: Buffer;
}

/**
 * The JPEG with `record` written into it: XMP (every field of the table that has a value, as the table says
 * it is held; Extended XMP when it outgrows one segment), IPTC-IIM in UTF-8 with its IPTC digest (so MWG
 * readers take the new values), and EXIF Artist, Copyright and ImageDescription made to agree (rewritten in
 * place when the new value is ASCII and fits, else removed: MWG readers take EXIF first, and a stale EXIF
 * caption would hide the corrected one). Other segments (ICC, EXIF's camera data, C2PA...) are kept.
 *
 * @throws `CORRUPT_IMAGE` when the marker stream before the first scan is damaged.
 */
export function writeJpegMetadata(jpeg: Buffer, record: Partial<PhotoMetadata>): Buffer {
  const { segments, scan } = splitJpeg(jpeg);
  const xmp = xmpSegments(record);
  const iim = iimBlock(record);
  const text = exifTextOf(record);
  const exifValues = { [EXIF_TAG.Artist]: text.Artist, [EXIF_TAG.Copyright]: text.Copyright, [EXIF_TAG.ImageDescription]: text.ImageDescription };
  const out: Segment[] = [];
  const irbParts: Buffer[] = [];
  for (const s of segments) {
    if (s.marker === 0xe1 && startsWith(s.data, XMP_ID)) continue;
    if (s.marker === 0xe1 && startsWith(s.data, XMP_EXT_ID)) continue;
    if (s.marker === 0xed && startsWith(s.data, PHOTOSHOP_ID)) {
      irbParts.push(s.data.subarray(PHOTOSHOP_ID.length)); // one IRB, possibly split across segments
      continue;
    }
    if (s.marker === 0xe1 && startsWith(s.data, EXIF_ID)) {
      out.push({ marker: 0xe1, data: Buffer.concat([EXIF_ID, agreeingExif(s.data.subarray(EXIF_ID.length), exifValues)]) });
      continue;
    }
    out.push(s);
  }
  const kept = irbResources(Buffer.concat(irbParts)).filter((r) => r.id !== 0x0404 && r.id !== 0x0425);
  const irb = Buffer.concat([...kept.map((r) => r.raw), irbResource(0x0404, iim.block), irbResource(0x0425, iim.digest)]);
  const app13 = chunk(irb, SEGMENT_MAX - PHOTOSHOP_ID.length).map((part) => ({ marker: 0xed, data: Buffer.concat([PHOTOSHOP_ID, part]) }));
  // New segments go after the leading APP0/APP1 run (JFIF and EXIF must come first).
  let at = 0;
  while (at < out.length && (out[at]!.marker === 0xe0 || out[at]!.marker === 0xe1)) at++;
  out.splice(at, 0, ...xmp, ...app13);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), ...out.map(frame), scan]);
}

/** The segments before the first scan, and the bytes from the scan on. */
function splitJpeg(jpeg: Buffer): { segments: Segment[]; scan: Buffer } {
  const bad = (why: string) => new PhotodeskError('CORRUPT_IMAGE', `The JPEG's markers are damaged (${why}): its metadata cannot be rewritten without risking its pixels`);
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw bad('no start-of-image marker');
  const segments: Segment[] = [];
  let pos = 2;
  while (pos + 4 <= jpeg.length) {
    if (jpeg[pos] !== 0xff) throw bad(`stray byte at ${pos}`);
    const marker = jpeg[pos + 1]!;
    if (marker === 0xff) {
      pos++;
      continue;
    }
    if (marker === 0xda) return { segments, scan: jpeg.subarray(pos) };
    const len = jpeg.readUInt16BE(pos + 2);
    if (len < 2 || pos + 2 + len > jpeg.length) throw bad(`segment length at ${pos}`);
    segments.push({ marker, data: jpeg.subarray(pos + 4, pos + 2 + len) });
    pos += 2 + len;
  }
  throw bad('no scan');
}

/** One standard XMP packet, or a pointer packet and Extended XMP parts when it outgrows a segment. */
function xmpSegments(record: Partial<PhotoMetadata>): Segment[] {
  const packet = xmpPacket(record);
  if (packet === null) return [];
  const bytes = Buffer.from(packet, 'utf8');
  if (bytes.length + XMP_ID.length <= SEGMENT_MAX) return [{ marker: 0xe1, data: Buffer.concat([XMP_ID, bytes]) }];
  const guid = createHash('md5').update(bytes).digest('hex').toUpperCase();
  const main = `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmpNote="http://ns.adobe.com/xmp/note/"><xmpNote:HasExtendedXMP>${guid}</xmpNote:HasExtendedXMP></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  const out: Segment[] = [{ marker: 0xe1, data: Buffer.concat([XMP_ID, Buffer.from(main, 'utf8')]) }];
  for (let off = 0; off < bytes.length; off += EXTENDED_CHUNK) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(bytes.length, 0);
    head.writeUInt32BE(off, 4);
    out.push({ marker: 0xe1, data: Buffer.concat([XMP_EXT_ID, Buffer.from(guid, 'latin1'), head, bytes.subarray(off, off + EXTENDED_CHUNK)]) });
  }
  return out;
}

/**
 * EXIF (a TIFF structure) whose IFD0 Artist, Copyright and ImageDescription say what `values` say: an ASCII
 * value that fits the entry's bytes is written over it; any other value, or none, removes the entry (its
 * 12 bytes are shifted out of the IFD; no data moves, so every offset stays valid).
 */
function agreeingExif(tiff: Buffer, values: Record<number, string | null>): Buffer {
  const t = Buffer.from(tiff);
  const le = t.toString('latin1', 0, 2) === 'II';
  if (!le && t.toString('latin1', 0, 2) !== 'MM') return t;
  const u16 = (o: number) => (le ? t.readUInt16LE(o) : t.readUInt16BE(o));
  const u32 = (o: number) => (le ? t.readUInt32LE(o) : t.readUInt32BE(o));
  const w16 = (o: number, v: number) => (le ? t.writeUInt16LE(v, o) : t.writeUInt16BE(v, o));
  const w32 = (o: number, v: number) => (le ? t.writeUInt32LE(v, o) : t.writeUInt32BE(v, o));
  const ifd = u32(4);
  if (ifd + 2 > t.length) return t;
  let count = u16(ifd);
  if (ifd + 2 + count * 12 + 4 > t.length) return t;
  for (let i = 0; i < count; ) {
    const e = ifd + 2 + i * 12;
    const tag = u16(e);
    if (!(tag in values)) {
      i++;
      continue;
    }
    const value = values[tag] ?? null;
    const n = u32(e + 4);
    const at = n <= 4 ? e + 8 : u32(e + 8);
    const bytes = value !== null && isExactAscii(value) ? Buffer.from(`${value}\0`, 'latin1') : null;
    if (u16(e + 2) === 2 && bytes && bytes.length <= n && at + n <= t.length) {
      t.fill(0, at, at + n);
      bytes.copy(t, at);
      w32(e + 4, bytes.length);
      i++;
      continue;
    }
    // Remove the entry: the following entries and the next-IFD offset move up by 12 bytes. Its old value is
    // zeroed, so the stale text is not left in the file for a byte search to find.
    if (n > 4 && at + n <= t.length) t.fill(0, at, at + n);
    const end = ifd + 2 + count * 12 + 4;
    t.copy(t, e, e + 12, end);
    t.fill(0, end - 12, end);
    count--;
    w16(ifd, count);
  }
  return t;
}

function frame(s: Segment): Buffer {
  const head = Buffer.from([0xff, s.marker, 0, 0]);
  head.writeUInt16BE(s.data.length + 2, 2);
  return Buffer.concat([head, s.data]);
}

function chunk(b: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < b.length; off += size) out.push(b.subarray(off, off + size));
  return out.length > 0 ? out : [b];
}

function startsWith(data: Buffer, prefix: Buffer): boolean {
  return data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}
