import { FIELDS, type FieldRow, type PublicField, type PublicRecord } from '../metadata/fields.js';
import { PREFIXES, xmpName, type StructSchema } from '../metadata/structs.js';
import { escapeXml } from '../util/xml.js';

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
  const creator = embed.creator?.join('; ');
  if (creator && isExactAscii(creator)) ifd0.Artist = creator;
  if (embed.copyright && isExactAscii(embed.copyright)) ifd0.Copyright = embed.copyright;
  if (embed.caption && isExactAscii(embed.caption)) ifd0.ImageDescription = embed.caption;
  const props: string[] = [];
  const used = new Set<string>();
  for (const row of FIELDS as readonly FieldRow[]) {
    const v = (embed as Record<string, unknown>)[row.key];
    if (v === undefined) continue;
    props.push(property(row.xmp, row.kind, row.code ? `${row.code}${String(v)}` : v, row.struct, used, plusSeq(row)));
  }
  const xmp =
    props.length === 0
      ? null
      : `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""${[...used].map((p) => ` xmlns:${p}="${PREFIXES[p as keyof typeof PREFIXES]}"`).join('')}>${props.join('')}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  const exif: Record<string, Record<string, string>> = {};
  if (Object.keys(ifd0).length > 0) exif.IFD0 = ifd0;
  // libexif fills in an EXIF IFD with ColorSpace "Uncalibrated" whenever EXIF is written: say sRGB instead.
  if (Object.keys(exif).length > 0 && !keepP3) exif.IFD2 = { ColorSpace: '1' };
  return { exif: Object.keys(exif).length > 0 ? exif : null, xmp };
}

/** PLUS's party and licensor arrays are ordered (Seq); IPTC's structures are unordered (Bag). */
function plusSeq(row: FieldRow): boolean {
  return row.xmp.startsWith('plus:');
}

/** One property in RDF/XML, from the field table's kind (and structure schema). */
function property(qualified: string, kind: FieldRow['kind'], value: unknown, schema: StructSchema | undefined, used: Set<string>, seq = false): string {
  const { prefix } = xmpName(qualified);
  used.add(prefix);
  const tag = qualified;
  switch (kind) {
    case 'text':
    case 'integer':
      return `<${tag}>${escapeXml(String(value))}</${tag}>`;
    case 'langAlt':
      return `<${tag}><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(String(value))}</rdf:li></rdf:Alt></${tag}>`;
    case 'seq':
    case 'bag': {
      const c = kind === 'seq' ? 'Seq' : 'Bag';
      return `<${tag}><rdf:${c}>${(value as string[]).map((v) => `<rdf:li>${escapeXml(v)}</rdf:li>`).join('')}</rdf:${c}></${tag}>`;
    }
    case 'struct':
      return `<${tag} rdf:parseType="Resource">${structFields(value as Record<string, unknown>, schema!, used)}</${tag}>`;
    case 'structs': {
      const c = seq ? 'Seq' : 'Bag';
      return `<${tag}><rdf:${c}>${(value as Record<string, unknown>[]).map((v) => `<rdf:li rdf:parseType="Resource">${structFields(v, schema!, used)}</rdf:li>`).join('')}</rdf:${c}></${tag}>`;
    }
  }
}

function structFields(value: Record<string, unknown>, schema: StructSchema, used: Set<string>): string {
  let out = '';
  for (const [key, f] of Object.entries(schema)) {
    const v = value[key];
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out += property(f.xmp, f.kind, v, f.struct, used);
  }
  return out;
}

/** Printable ASCII only: what EXIF's ASCII fields hold exactly (libvips writes "?" for anything else). */
function isExactAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}
