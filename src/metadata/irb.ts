/**
 * Photoshop Image Resource Blocks (JPEG APP13 "Photoshop 3.0", TIFF tag 34377). exifr keeps only the IPTC
 * resource and drops the 1:90 record and the IPTC digest, so the block is walked here.
 * Layout: signature "8BIM" (or an old variant), u16 id, Pascal name padded to even, u32 size, data padded to even.
 */

const SIGNATURES = new Set(['8BIM', 'MeSa', 'PHUT', 'AgHg', 'DCSR']);
const PHOTOSHOP_HEADER = 'Photoshop 3.0\0';

/** The two resources metadata reading needs. */
export interface IrbResources {
  /** Resource 0x0404: the IPTC-IIM data. */
  iim: Buffer | null;
  /** Resource 0x0425: MD5 of the IIM data when the XMP was last synchronised with it, hex. */
  iptcDigest: string | null;
}

/** One resource of an IRB: its id, its data, and its whole raw bytes (to be copied as they are). */
export interface IrbResource {
  id: number;
  data: Buffer;
  raw: Buffer;
}

/** Walks an IRB (with or without the "Photoshop 3.0" header), stopping at the first damaged resource. */
export function irbResources(block: Buffer): IrbResource[] {
  const out: IrbResource[] = [];
  let pos = block.toString('latin1', 0, PHOTOSHOP_HEADER.length) === PHOTOSHOP_HEADER ? PHOTOSHOP_HEADER.length : 0;
  while (pos + 12 <= block.length) {
    if (!SIGNATURES.has(block.toString('latin1', pos, pos + 4))) break;
    const id = block.readUInt16BE(pos + 4);
    const nameLen = block[pos + 6]!;
    let p = pos + 6 + ((nameLen + 2) & ~1);
    if (p + 4 > block.length) break;
    const size = block.readUInt32BE(p);
    p += 4;
    if (size > block.length - p) break;
    const end = Math.min(block.length, p + size + (size & 1));
    out.push({ id, data: block.subarray(p, p + size), raw: block.subarray(pos, end) });
    pos = end;
  }
  return out;
}

/** The IPTC data and digest of an IRB. */
export function parseIrb(block: Buffer): IrbResources {
  const out: IrbResources = { iim: null, iptcDigest: null };
  for (const r of irbResources(block)) {
    if (r.id === 0x0404 && !out.iim) out.iim = r.data;
    else if (r.id === 0x0425 && r.data.length === 16 && !out.iptcDigest) out.iptcDigest = r.data.toString('hex');
  }
  return out;
}

/** One 8BIM resource with an empty name. */
export function irbResource(id: number, data: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.write('8BIM', 0, 'latin1');
  head.writeUInt16BE(id, 4);
  head.writeUInt32BE(data.length, 8); // bytes 6-7: the empty Pascal name, padded to even
  return Buffer.concat([head, data, data.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}
