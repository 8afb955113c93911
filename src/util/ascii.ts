/** Printable ASCII only: what EXIF's ASCII fields hold exactly (libvips writes "?" for anything else). */
export function isExactAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}
