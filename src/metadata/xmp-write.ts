import { escapeXml } from '../util/xml.js';
import { FIELDS, type FieldRow, type PublicRecord } from './fields.js';
import { PREFIXES, xmpName, type StructSchema } from './structs.js';
import type { PhotoMetadata } from './types.js';

/**
 * Writes record fields as an XMP packet, each as the field table says it is held (text, language alternative,
 * Seq/Bag, structure, array of structures), with the exact Unicode. The one XMP writer: renditions embed
 * with it, and the desk copy is written with it.
 */
export function xmpPacket(fields: PublicRecord | Partial<PhotoMetadata>): string | null {
  const props: string[] = [];
  const used = new Set<string>();
  for (const row of FIELDS as readonly FieldRow[]) {
    const v = (fields as Record<string, unknown>)[row.key];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
    props.push(property(row.xmp, row.kind, row.code ? `${row.code}${String(v)}` : v, row.struct, used, row.xmp.startsWith('plus:')));
  }
  if (props.length === 0) return null;
  const ns = [...used].map((p) => ` xmlns:${p}="${PREFIXES[p as keyof typeof PREFIXES]}"`).join('');
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""${ns}>${props.join('')}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
}

/** One property in RDF/XML. PLUS's party and licensor arrays are ordered (Seq); IPTC's structures are Bags. */
function property(qualified: string, kind: FieldRow['kind'], value: unknown, schema: StructSchema | undefined, used: Set<string>, seq = false): string {
  used.add(xmpName(qualified).prefix);
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
