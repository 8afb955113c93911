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

/** Walks an IRB (with or without the "Photoshop 3.0" header) and returns the IPTC data and digest. */
export function parseIrb(block: Buffer): IrbResources {
  const out: IrbResources = { iim: null, iptcDigest: null };
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
    const data = block.subarray(p, p + size);
    if (id === 0x0404 && !out.iim) out.iim = data;
    else if (id === 0x0425 && size === 16 && !out.iptcDigest) out.iptcDigest = data.toString('hex');
    pos = p + size + (size & 1);
  }
  return out;
}
