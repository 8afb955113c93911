/**
 * Makes the entries of a TIFF structure's IFD0, Exif IFD and GPS IFD that point outside it harmless, before
 * exifr reads it. Written here because exifr (7.1.3) trusts each entry's count: it allocates a typed array of
 * the claimed count before reading (a 1.4 KB fuzzed JPEG cost 0.8 s and 250 MB), gives up a whole IFD when one
 * value lies outside the block or has an unknown type (losing the orientation, copyright or GPS with it).
 * ExifTool skips such entries of an Exif block and reads the rest; after this, so does exifr. (In a TIFF file
 * ExifTool stops at the first entry whose value it cannot read; photodesk reads the rest there too.)
 */

// Bytes per value of each TIFF type (1 BYTE ... 13 IFD); 0 marks a type TIFF does not define.
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];
const UNDEFINED = 7;
// The IFD pointers followed: Exif and GPS from IFD0 (interop and IFD1 are not read).
const POINTERS = [0x8769, 0x8825];

/**
 * `tiff` itself when every entry of IFD0, the Exif IFD and the GPS IFD fits in it, else a copy in which each
 * entry that does not is emptied (UNDEFINED, count 0). Anything that is not a classic TIFF structure
 * (BigTIFF, a whole HEIF) is returned as it is.
 */
export function withoutBadEntries(tiff: Uint8Array): Uint8Array {
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = tiff.length >= 8 ? String.fromCharCode(tiff[0]!, tiff[1]!) : '';
  if (order !== 'II' && order !== 'MM') return tiff;
  const le = order === 'II';
  // Not the magic number 42 itself: exifr and ExifTool read a structure whose 42 is damaged. 43 is BigTIFF.
  if (view.getUint16(2, le) === 43) return tiff;
  let copy: DataView | null = null;
  // Copied on the first write: a sound block costs no allocation.
  const write = (): DataView => (copy ??= new DataView(new Uint8Array(tiff).buffer));
  const ifd0 = view.getUint32(4, le);
  const seen = new Set<number>();
  const queue = [ifd0];
  for (let ifd = queue.shift(); ifd !== undefined; ifd = queue.shift()) {
    if (seen.has(ifd) || ifd < 8 || ifd + 2 > tiff.length) continue;
    seen.add(ifd);
    // An IFD whose entries run past the end is left as it is: exifr then gives it up, as ExifTool does ("Bad
    // IFD0 directory").
    const fits = Math.min(view.getUint16(ifd, le), Math.floor((tiff.length - ifd - 2) / 12));
    for (let i = 0; i < fits; i++) {
      const at = ifd + 2 + i * 12;
      const size = TYPE_SIZE[view.getUint16(at + 2, le)] ?? 0;
      const total = size * view.getUint32(at + 4, le);
      if (size === 0 || (total > 4 && view.getUint32(at + 8, le) + total > tiff.length)) {
        write().setUint16(at + 2, UNDEFINED, le);
        write().setUint32(at + 4, 0, le);
      } else if (ifd === ifd0 && POINTERS.includes(view.getUint16(at, le))) queue.push(view.getUint32(at + 8, le));
    }
  }
  return copy ? new Uint8Array((copy as DataView).buffer) : tiff;
}
