import { hasC2pa } from './c2pa.js';

/**
 * The metadata segments of a JPEG, found by walking its markers up to the first scan. Done here rather than
 * through libvips because libvips refuses a JPEG whose entropy-coded data or marker stream is damaged, while
 * its metadata (what a desk needs) is usually intact; like ExifTool, the walk skips stray bytes between
 * markers instead of giving up.
 */
export interface JpegSegments {
  /** The TIFF structure of the first APP1 "Exif" segment. */
  exif: Buffer | null;
  /** Every APP1 standard XMP packet, in file order (a later one was written later: it wins). */
  xmp: Buffer[];
  /** The parts of Extended XMP (APP1 "http://ns.adobe.com/xmp/extension/"), to be joined by GUID. */
  xmpExtended: ExtendedXmpPart[];
  /** The Photoshop IRB of the APP13 segment(s), concatenated, without the "Photoshop 3.0" header. */
  irb: Buffer | null;
  /** The ICC profile reassembled from its APP2 chunks. */
  icc: Buffer | null;
  /** Width, height and colour component count from the first start-of-frame marker; progressive for SOF2/6/10/14. */
  frame: { width: number; height: number; components: number; progressive: boolean } | null;
  /** Bytes skipped between markers (damaged files). */
  skippedBytes: number;
  /** Offset of the first start-of-scan marker, where the compressed picture begins. */
  scanStart: number | null;
  /** True when an APP11 segment holds a JUMBF box labelled "c2pa" (a C2PA manifest store). */
  c2pa: boolean;
}

const EXIF = Buffer.from('Exif\0\0', 'latin1');
const XMP = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
const XMP_EXT = Buffer.from('http://ns.adobe.com/xmp/extension/\0', 'latin1');
const PHOTOSHOP = Buffer.from('Photoshop 3.0\0', 'latin1');
const ICC = Buffer.from('ICC_PROFILE\0', 'latin1');

/** Walks the markers of a JPEG (bytes starting with FF D8) and returns its metadata segments. */
export function readJpegSegments(bytes: Buffer): JpegSegments {
  const out: JpegSegments = { exif: null, xmp: [], xmpExtended: [], irb: null, icc: null, frame: null, skippedBytes: 0, scanStart: null, c2pa: false };
  const irbParts: Buffer[] = [];
  const iccParts: { seq: number; data: Buffer }[] = [];
  let pos = 2;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) {
      const next = bytes.indexOf(0xff, pos);
      if (next < 0) break;
      out.skippedBytes += next - pos;
      pos = next;
      continue;
    }
    const marker = bytes[pos + 1]!;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0x00) {
      pos += 2; // a stuffed byte outside a scan: damage, resynchronise
      out.skippedBytes += 2;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    if (marker === 0xda) {
      out.scanStart = pos;
      break;
    }
    if (marker === 0xd9) break;
    const len = bytes.readUInt16BE(pos + 2);
    if (len < 2) {
      pos += 2;
      continue;
    }
    const data = bytes.subarray(pos + 4, Math.min(pos + 2 + len, bytes.length));
    if (isStartOfFrame(marker) && !out.frame && data.length >= 5) {
      const height = data.readUInt16BE(1);
      const width = data.readUInt16BE(3);
      if (width > 0 && height > 0) out.frame = { width, height, components: data[5] ?? 0, progressive: (marker & 0x03) === 0x02 };
    } else if (marker === 0xe1) {
      if (!out.exif && startsWith(data, EXIF)) out.exif = data.subarray(EXIF.length);
      else if (startsWith(data, XMP)) out.xmp.push(data.subarray(XMP.length));
      else if (startsWith(data, XMP_EXT) && data.length > XMP_EXT.length + 40) {
        const p = data.subarray(XMP_EXT.length);
        out.xmpExtended.push({ guid: p.toString('latin1', 0, 32), total: p.readUInt32BE(32), offset: p.readUInt32BE(36), data: p.subarray(40) });
      }
    } else if (marker === 0xeb && !out.c2pa) {
      out.c2pa = hasC2pa(data);
    } else if (marker === 0xed && startsWith(data, PHOTOSHOP)) {
      irbParts.push(data.subarray(PHOTOSHOP.length));
    } else if (marker === 0xe2 && startsWith(data, ICC) && data.length > ICC.length + 2) {
      iccParts.push({ seq: data[ICC.length]!, data: data.subarray(ICC.length + 2) });
    }
    pos += 2 + len;
  }
  if (irbParts.length > 0) out.irb = irbParts.length === 1 ? irbParts[0]! : Buffer.concat(irbParts);
  if (iccParts.length > 0) out.icc = Buffer.concat(iccParts.sort((a, b) => a.seq - b.seq).map((p) => p.data));
  return out;
}

/** One APP1 segment of Extended XMP: a slice of the packet named by `guid` (its MD5), at `offset` of `total`. */
export interface ExtendedXmpPart {
  guid: string;
  total: number;
  offset: number;
  data: Buffer;
}

/**
 * Joins the Extended XMP parts whose GUID the main packet names (xmpNote:HasExtendedXMP), as the XMP
 * specification (part 3, 1.1.3.1) lays them out. Null when parts are missing, overlap the end, or the whole
 * would exceed `maxBytes` (the parts' sizes are the file's claims, so they are checked before allocating).
 */
export function joinExtendedXmp(parts: readonly ExtendedXmpPart[], guid: string, maxBytes: number): Buffer | null {
  const mine = parts.filter((p) => p.guid === guid);
  if (mine.length === 0) return null;
  const total = mine[0]!.total;
  if (total > maxBytes || mine.some((p) => p.total !== total || p.offset + p.data.length > total)) return null;
  if (mine.reduce((n, p) => n + p.data.length, 0) < total) return null; // parts missing: nothing to allocate for
  const out = Buffer.alloc(total);
  let covered = 0;
  for (const p of [...mine].sort((a, b) => a.offset - b.offset)) {
    if (p.offset > covered) return null;
    p.data.copy(out, p.offset);
    covered = Math.max(covered, p.offset + p.data.length);
  }
  return covered === total ? out : null;
}

/** SOF0-SOF15, less DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isStartOfFrame(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

function startsWith(data: Buffer, prefix: Buffer): boolean {
  return data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

/** What follows the picture: whether its end-of-image marker is there, and what comes after it. */
export interface JpegTail {
  truncated: boolean;
  trailingBytes: number;
  /** A short name of what trails, when recognisable ("ZIP archive", "another JPEG"). */
  trailingKind: string | null;
}

/**
 * Finds the end-of-image marker after the first scan. Inside entropy-coded data 0xFF is always followed by
 * 0x00 or a restart marker, so the first FF D9 after the scan begins is the real end (an embedded thumbnail's
 * FF D9 sits in APP1, before the scan).
 */
export function jpegTail(bytes: Buffer, scanStart: number): JpegTail {
  let last = bytes.length;
  while (last > scanStart && bytes[last - 1] === 0) last--;
  // The common case, a file that ends with its end-of-image marker, needs no search through the scan.
  if (bytes[last - 2] === 0xff && bytes[last - 1] === 0xd9) return { truncated: false, trailingBytes: 0, trailingKind: null };
  const eoi = bytes.indexOf(EOI, scanStart);
  if (eoi < 0) return { truncated: true, trailingBytes: 0, trailingKind: null };
  const rest = bytes.subarray(eoi + 2);
  let end = rest.length;
  while (end > 0 && (rest[end - 1] === 0 || rest[end - 1] === 0xff)) end--; // padding some writers add
  if (end === 0) return { truncated: false, trailingBytes: 0, trailingKind: null };
  if (rest[0] === 0xff && rest[1] === 0xd8) return { truncated: false, trailingBytes: rest.length, trailingKind: 'another JPEG' };
  const found = PAYLOADS.find(([sig]) => rest.indexOf(sig) >= 0);
  return { truncated: false, trailingBytes: rest.length, trailingKind: found ? found[1] : null };
}

const EOI = Buffer.from([0xff, 0xd9]);
/** Payloads that make a JPEG a polyglot. Other trailers (AFCP, FotoStation, PhotoMechanic) are metadata. */
const PAYLOADS: [Buffer, string][] = [
  [Buffer.from('PK\x03\x04', 'latin1'), 'ZIP archive'],
  [Buffer.from('%PDF-', 'latin1'), 'PDF document'],
  [Buffer.from('Rar!\x1a\x07', 'latin1'), 'RAR archive'],
  [Buffer.from("7z\xbc\xaf'\x1c", 'latin1'), '7-Zip archive'],
  [Buffer.from('<?php', 'latin1'), 'PHP script'],
  [Buffer.from('<script', 'latin1'), 'HTML script'],
];

/**
 * The scans of the main picture (start-of-scan markers from the first one to its end-of-image), counting no
 * further than `stop`. Inside entropy-coded data FF is followed only by 00 or a restart marker, so every FF DA
 * found there is a real scan; an EXIF thumbnail's scans come before the first, a trailing MPF image's after
 * the end-of-image, and neither is counted.
 */
export function countJpegScans(bytes: Buffer, stop: number): number {
  const { scanStart: first, frame } = readJpegSegments(bytes);
  if (first === null) return 0;
  // A baseline JPEG has one scan per component at most: only a progressive one can ask for thousands.
  if (!frame?.progressive) return 1;
  const eoi = bytes.indexOf(EOI, first);
  const end = eoi < 0 ? bytes.length : eoi;
  let scans = 0;
  // Two-byte searches (fast in Buffer.indexOf), not a walk over every FF of the compressed data.
  for (let pos = first; pos >= 0 && pos < end && scans < stop; pos = bytes.indexOf(SOS, pos + 2)) scans++;
  return scans;
}

const SOS = Buffer.from([0xff, 0xda]);
