/**
 * The top-level boxes of an ISO BMFF file (HEIF, AVIF): ftyp, meta, mdat... Each starts with its size and
 * type; a size of 1 puts a 64-bit size after the type, a size of 0 runs to the end of the file.
 */
export interface IsoBox {
  type: string;
  /** Where the box starts in the file. */
  start: number;
  /** Where it ends, as its size says: past the file's end when the file is cut. */
  end: number;
}

/** The top-level boxes in file order; stops at a size that cannot be a box (libheif judges such files). */
export function* isoBoxes(bytes: Buffer): Generator<IsoBox> {
  let pos = 0;
  while (pos + 8 <= bytes.length) {
    let size = bytes.readUInt32BE(pos);
    const header = size === 1 ? 16 : 8;
    if (size === 1) {
      if (pos + 16 > bytes.length) return;
      size = Number(bytes.readBigUInt64BE(pos + 8));
    } else if (size === 0) size = bytes.length - pos;
    if (size < header) return;
    yield { type: bytes.toString('latin1', pos + 4, pos + 8), start: pos, end: pos + size };
    pos += size;
  }
}

/**
 * True when the first image rotation property ('irot') in the file's meta box turns by 90 or 270 degrees.
 * Only the meta box is searched: the four letters can occur by chance in the compressed picture.
 */
export function heifQuarterTurn(bytes: Buffer): boolean {
  for (const box of isoBoxes(bytes)) {
    if (box.type !== 'meta') continue;
    const meta = bytes.subarray(box.start, Math.min(box.end, bytes.length));
    // irot: a 9-byte box (size, type, one byte whose low two bits count quarter turns anticlockwise).
    for (let at = meta.indexOf('irot', 0, 'latin1'); at >= 4; at = meta.indexOf('irot', at + 4, 'latin1')) {
      if (meta.readUInt32BE(at - 4) === 9 && at + 4 < meta.length) return ((meta[at + 4] ?? 0) & 1) === 1;
    }
    return false;
  }
  return false;
}

/**
 * True when a walk of the top-level boxes from the start reaches the 'meta' box, every box before it sized.
 * exifr's HEIF reader, handed a whole file, walks the same boxes to find the EXIF item, and loops forever on a
 * box of size 0 ("to the end of the file") before meta; without a reachable meta box there is no EXIF for it
 * to find anyway.
 */
export function reachesMetaBox(bytes: Buffer): boolean {
  if (bytes.length < 8 || bytes.readUInt32BE(0) < 8) return false; // exifr skips the first box by this size
  for (const box of isoBoxes(bytes)) {
    if (box.type === 'meta') return true;
    if (bytes.readUInt32BE(box.start) === 0) return false;
  }
  return false;
}
