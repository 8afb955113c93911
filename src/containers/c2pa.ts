/**
 * True when the file embeds a C2PA manifest store: a JUMBF description box ('jumd') labelled "c2pa". The
 * label sits within the first bytes of the box in every container (JPEG APP11, PNG caBX, ISOBMFF uuid, RIFF
 * C2PA), so one byte search covers all formats without a JUMBF parser.
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
