/**
 * The metadata segments of a JPEG, found by walking its markers up to the first scan. Done here rather than
 * through libvips because libvips refuses a JPEG whose entropy-coded data or marker stream is damaged, while
 * its metadata (what a desk needs) is usually intact; like ExifTool, the walk skips stray bytes between
 * markers instead of giving up.
 */
export interface JpegSegments {
  /** The TIFF structure of the first APP1 "Exif" segment. */
  exif: Buffer | null;
  /** The first APP1 standard XMP packet. */
  xmp: Buffer | null;
  /** The Photoshop IRB of the APP13 segment(s), concatenated, without the "Photoshop 3.0" header. */
  irb: Buffer | null;
  /** The ICC profile reassembled from its APP2 chunks. */
  icc: Buffer | null;
  /** Width and height from the first start-of-frame marker. */
  frame: { width: number; height: number } | null;
  /** Bytes skipped between markers (damaged files). */
  skippedBytes: number;
}

const EXIF = Buffer.from('Exif\0\0', 'latin1');
const XMP = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
const PHOTOSHOP = Buffer.from('Photoshop 3.0\0', 'latin1');
const ICC = Buffer.from('ICC_PROFILE\0', 'latin1');

/** Walks the markers of a JPEG (bytes starting with FF D8) and returns its metadata segments. */
export function readJpegSegments(bytes: Buffer): JpegSegments {
  const out: JpegSegments = { exif: null, xmp: null, irb: null, icc: null, frame: null, skippedBytes: 0 };
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
    if (marker === 0xda || marker === 0xd9) break;
    const len = bytes.readUInt16BE(pos + 2);
    if (len < 2) {
      pos += 2;
      continue;
    }
    const data = bytes.subarray(pos + 4, Math.min(pos + 2 + len, bytes.length));
    if (isStartOfFrame(marker) && !out.frame && data.length >= 5) {
      const height = data.readUInt16BE(1);
      const width = data.readUInt16BE(3);
      if (width > 0 && height > 0) out.frame = { width, height };
    } else if (marker === 0xe1) {
      if (!out.exif && startsWith(data, EXIF)) out.exif = data.subarray(EXIF.length);
      else if (!out.xmp && startsWith(data, XMP)) out.xmp = data.subarray(XMP.length);
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

/** SOF0-SOF15, less DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isStartOfFrame(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

function startsWith(data: Buffer, prefix: Buffer): boolean {
  return data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}
