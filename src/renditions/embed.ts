import transliterate from '@sindresorhus/transliterate';
import type { RenditionPlan } from './types.js';
import { escapeXml } from '../util/xml.js';

/**
 * The metadata every output carries: credit, creator and copyright (and, when configured, caption and web
 * statement) as XMP, with EXIF Artist and Copyright too. Nothing else is copied from the source: GPS, serial
 * numbers, maker notes and thumbnails never reach an output.
 */
export function outputMetadata(embed: RenditionPlan['embed']): { exif: Record<string, string> | null; xmp: string | null } {
  const exif: Record<string, string> = {};
  if (embed.creator.length > 0) exif.Artist = exifAscii(embed.creator.join('; '));
  if (embed.copyright) exif.Copyright = exifAscii(embed.copyright);
  const props: string[] = [];
  if (embed.creator.length > 0) props.push(`<dc:creator><rdf:Seq>${embed.creator.map((c) => `<rdf:li>${escapeXml(c)}</rdf:li>`).join('')}</rdf:Seq></dc:creator>`);
  if (embed.copyright) props.push(`<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(embed.copyright)}</rdf:li></rdf:Alt></dc:rights>`);
  if (embed.caption) props.push(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(embed.caption)}</rdf:li></rdf:Alt></dc:description>`);
  if (embed.credit) props.push(`<photoshop:Credit>${escapeXml(embed.credit)}</photoshop:Credit>`);
  if (embed.webStatement) props.push(`<xmpRights:WebStatement>${escapeXml(embed.webStatement)}</xmpRights:WebStatement>`);
  const xmp =
    props.length === 0
      ? null
      : `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/">${props.join('')}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  return { exif: Object.keys(exif).length > 0 ? exif : null, xmp };
}

/**
 * EXIF Artist and Copyright are ASCII fields (libvips writes "?" for anything else), so they get an ASCII
 * transliteration ("Вадим Савицкий" -> "Vadim Savitskiy", "©" -> "(C)"); the XMP copy keeps the exact text.
 */
export function exifAscii(s: string): string {
  return transliterate(s.replaceAll('©', '(C)')).replace(/[^\x20-\x7e]/g, '?');
}
