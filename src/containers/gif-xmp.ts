/**
 * The XMP packet of a GIF. Adobe stores it in an application extension ("XMP DataXMP") whose bytes are the
 * packet itself, written raw rather than in sub-blocks, followed by a 258-byte "magic trailer" (01 FF FE ...
 * 01 00 00) that makes GIF readers skip it as sub-blocks. Neither libvips nor exifr reads it.
 */
const ID = Buffer.from('\x21\xff\x0bXMP DataXMP', 'latin1');
const TRAILER = Buffer.from([0x01, 0xff, 0xfe, 0xfd, 0xfc]);

/** The XMP packet's bytes, or null. */
export function gifXmp(bytes: Buffer): Buffer | null {
  const at = bytes.indexOf(ID);
  if (at < 0) return null;
  const start = at + ID.length;
  const end = bytes.indexOf(TRAILER, start);
  return end > start ? bytes.subarray(start, end) : null;
}
