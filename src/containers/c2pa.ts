import { isoBoxes } from './isobmff-boxes.js';

/**
 * True when `bytes` hold a C2PA manifest store: a JUMBF description box ('jumd') labelled "c2pa". The label
 * sits within the first bytes of the box in every container, so a byte search finds it without a JUMBF
 * parser. Containers whose structure says where the store lives (JPEG APP11, PNG caBX, RIFF C2PA, ISO BMFF
 * uuid) search only there: the rest of the file is the picture, which the search would be the first to read.
 */
export function hasC2pa(bytes: Buffer): boolean {
  let at = bytes.indexOf('jumd', 0, 'latin1');
  while (at >= 0) {
    // jumd: 4-byte type, 16-byte UUID, toggles byte, then the NUL-terminated label.
    const label = bytes.toString('latin1', at + 21, Math.min(at + 21 + 8, bytes.length));
    if (label.startsWith('c2pa')) return true;
    at = bytes.indexOf('jumd', at + 4, 'latin1');
  }
  return false;
}

/** C2PA in an ISO BMFF file (HEIF, AVIF): the C2PA specification puts the store in a top-level 'uuid' box. */
export function isoHasC2pa(bytes: Buffer): boolean {
  for (const box of isoBoxes(bytes)) {
    if (box.type === 'uuid' && hasC2pa(bytes.subarray(box.start, Math.min(box.end, bytes.length)))) return true;
  }
  return false;
}
