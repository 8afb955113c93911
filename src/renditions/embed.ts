import { exifTextOf, type PublicField, type PublicRecord } from '../metadata/fields.js';
import { xmpPacket } from '../metadata/xmp-write.js';
import { isExactAscii } from '../util/ascii.js';

/**
 * What renditions embed by default: who made it, who to credit, who owns and licenses it and where its terms
 * are (what search engines read for their "licensable" badge), whether it is AI-made, when and where it was
 * taken. Caption, headline and alt text are left to `renditions.embed`: the markup and the public record
 * carry them, and a caption corrected (the commonest correction) then re-encodes nothing.
 */
export const DEFAULT_EMBED: readonly PublicField[] = [
  'creator',
  'credit',
  'copyright',
  'copyrightOwner',
  'webStatement',
  'usageTerms',
  'licensor',
  'digitalSourceType',
  'dateCreated',
  'locationCreated',
];

/**
 * The metadata every output carries: the embedded fields as XMP with their exact Unicode, and EXIF only where
 * EXIF can hold the value exactly (Artist, Copyright and ImageDescription are ASCII fields; a Cyrillic byline
 * is left out of EXIF rather than transliterated, because MWG readers prefer EXIF and would show the ASCII
 * form). EXIF ColorSpace says sRGB, which the pixels are unless `keepP3` (then the ICC profile speaks).
 * Nothing else is copied from the source: GPS, serial numbers, maker notes and thumbnails never reach an output.
 */
export function outputMetadata(embed: PublicRecord, keepP3 = false): { exif: Record<string, Record<string, string>> | null; xmp: string | null } {
  const ifd0: Record<string, string> = {};
  for (const [tag, value] of Object.entries(exifTextOf(embed))) if (value && isExactAscii(value)) ifd0[tag] = value;
  const xmp = xmpPacket(embed);
  const exif: Record<string, Record<string, string>> = {};
  if (Object.keys(ifd0).length > 0) exif.IFD0 = ifd0;
  // libexif fills in an EXIF IFD with ColorSpace "Uncalibrated" whenever EXIF is written: say sRGB instead.
  if (Object.keys(exif).length > 0 && !keepP3) exif.IFD2 = { ColorSpace: '1' };
  return { exif: Object.keys(exif).length > 0 ? exif : null, xmp };
}
