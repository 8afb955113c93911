import { SaxesParser, type SaxesTagNS } from 'saxes';
import { xmpName, type StructSchema, type XmpKind } from './structs.js';

/**
 * XMP read with a real XML parser (saxes: conformant, non-validating, no DTD entity expansion, so an
 * entity-bomb or XXE packet is an error, never an expansion). exifr's regex parser leaves entities encoded,
 * turns number-like strings into numbers and one-item lists into strings; none of that happens here:
 * every value stays the exact text of the packet, and lists stay lists.
 */

/** Namespace URIs of the properties photodesk reads. Keys below are `uri + localName`. */
export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xml: 'http://www.w3.org/XML/1998/namespace',
  dc: 'http://purl.org/dc/elements/1.1/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  xmpRights: 'http://ns.adobe.com/xap/1.0/rights/',
  iptcCore: 'http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/',
  iptcExt: 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/',
  exif: 'http://ns.adobe.com/exif/1.0/',
  exifEX: 'http://cipa.jp/exif/1.0/',
  tiff: 'http://ns.adobe.com/tiff/1.0/',
  aux: 'http://ns.adobe.com/exif/1.0/aux/',
  xmpNote: 'http://ns.adobe.com/xmp/note/',
} as const;

/** One XMP value: simple text, an array (Seq, Bag, Alt) of values, a struct of fields, or a resource URI. */
export interface XmpNode {
  text?: string;
  lang?: string;
  container?: 'Seq' | 'Bag' | 'Alt';
  items?: XmpNode[];
  fields?: Map<string, XmpNode>;
}

/** The top-level properties of a packet, by `uri + localName`, and the first parse error, if any. */
export interface XmpPacket {
  props: Map<string, XmpNode>;
  error: string | null;
}

type Frame =
  | { kind: 'root' }
  | { kind: 'ignore' }
  | { kind: 'fields'; target: Map<string, XmpNode> }
  | { kind: 'container'; node: XmpNode }
  | { kind: 'value'; node: XmpNode; text: string };

const RDF = NS.rdf;
const XMPMETA = 'adobe:ns:meta/';
const STOP = Symbol('stop');
/**
 * Bounds of a packet's shape. Real XMP nests a dozen levels (structures in arrays in structures) and holds a
 * few thousand elements; a hostile one nests thousands deep, which costs the parser quadratic time and the
 * readers of the tree their stack. Past these the parse stops: XMP_MALFORMED, with what was read before.
 */
export const XMP_LIMITS = { depth: 100, elements: 200_000 } as const;

/** Parses an XMP packet. A malformed packet yields what was read before the error, and the error. */
export function parseXmp(xml: string): XmpPacket {
  const props = new Map<string, XmpNode>();
  let error: string | null = null;
  const stack: Frame[] = [{ kind: 'root' }];
  const parser = new SaxesParser({ xmlns: true, position: false });

  parser.on('error', (err) => {
    error = err.message;
    throw STOP;
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1]!;
    if (top.kind === 'value') top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack[stack.length - 1]!;
    if (top.kind === 'value') top.text += t;
  });
  let elements = 0;
  parser.on('opentag', (tag) => {
    if (stack.length > XMP_LIMITS.depth || ++elements > XMP_LIMITS.elements) {
      error = stack.length > XMP_LIMITS.depth ? `elements nested more than ${XMP_LIMITS.depth} deep` : `more than ${XMP_LIMITS.elements} elements`;
      throw STOP;
    }
    stack.push(open(tag, stack[stack.length - 1]!, props));
  });
  parser.on('closetag', () => {
    const frame = stack.pop();
    if (frame?.kind === 'value' && !frame.node.items && !frame.node.fields && frame.node.text === undefined) {
      frame.node.text = frame.text;
    }
  });

  try {
    parser.write(cleanPacket(xml)).close();
  } catch (e) {
    if (e !== STOP) error = (e as Error).message;
  }
  return { props, error };
}

function open(tag: SaxesTagNS, parent: Frame, top: Map<string, XmpNode>): Frame {
  const uri = tag.uri;
  const local = tag.local;
  if (parent.kind === 'ignore') return parent;
  if (parent.kind === 'root') {
    if ((uri === RDF && local === 'RDF') || uri === XMPMETA) return parent;
    if (uri === RDF && local === 'Description') return fieldsFrame(top, tag);
    return { kind: 'ignore' };
  }
  if (parent.kind === 'fields') {
    if (uri === RDF) return { kind: 'ignore' };
    const node: XmpNode = {};
    const lang = attr(tag, NS.xml, 'lang');
    if (lang) node.lang = lang;
    const key = uri + local;
    if (!parent.target.has(key)) parent.target.set(key, node);
    return valueFrame(node, tag);
  }
  if (parent.kind === 'container') {
    if (uri !== RDF || local !== 'li') return { kind: 'ignore' };
    const node: XmpNode = {};
    const lang = attr(tag, NS.xml, 'lang');
    if (lang) node.lang = lang;
    parent.node.items!.push(node);
    return valueFrame(node, tag);
  }
  // parent is a value: an array, a nested struct, or markup we do not read
  if (uri === RDF && (local === 'Seq' || local === 'Bag' || local === 'Alt')) {
    parent.node.container = local;
    parent.node.items = [];
    return { kind: 'container', node: parent.node };
  }
  if (uri === RDF && local === 'Description') {
    parent.node.fields ??= new Map();
    return fieldsFrame(parent.node.fields, tag);
  }
  return { kind: 'ignore' };
}

/** A struct or a top-level description: non-RDF attributes are properties in shorthand form. */
function fieldsFrame(target: Map<string, XmpNode>, tag: SaxesTagNS): Frame {
  addShorthand(target, tag);
  return { kind: 'fields', target };
}

function valueFrame(node: XmpNode, tag: SaxesTagNS): Frame {
  const resource = attr(tag, RDF, 'resource');
  if (resource !== undefined) {
    node.text = resource;
    return { kind: 'ignore' };
  }
  if (attr(tag, RDF, 'parseType') === 'Resource') {
    node.fields = new Map();
    return { kind: 'fields', target: node.fields };
  }
  const value = attr(tag, RDF, 'value');
  if (value !== undefined) node.text = value;
  const shorthand = new Map<string, XmpNode>();
  addShorthand(shorthand, tag);
  if (shorthand.size > 0) {
    node.fields = shorthand;
    return { kind: 'fields', target: shorthand };
  }
  return { kind: 'value', node, text: '' };
}

function addShorthand(target: Map<string, XmpNode>, tag: SaxesTagNS): void {
  for (const a of Object.values(tag.attributes)) {
    if (!a.uri || a.uri === RDF || a.uri === NS.xml || a.prefix === 'xmlns' || a.name === 'xmlns') continue;
    const key = a.uri + a.local;
    if (!target.has(key)) target.set(key, { text: a.value });
  }
}

function attr(tag: SaxesTagNS, uri: string, local: string): string | undefined {
  for (const a of Object.values(tag.attributes)) if (a.uri === uri && a.local === local) return a.value;
  return undefined;
}

/**
 * Drops what surrounds a packet in real files: a BOM, NUL padding, bytes after the last tag, and the closing
 * `<?xpacket end?>` with the whitespace padding before it (2-4 KB a packet, a third of the corpus's XMP
 * characters, which the parser would otherwise read one by one).
 */
function cleanPacket(xml: string): string {
  // NUL is never valid XML; writers that pad a packet in place leave runs of it.
  let s = (xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml).replace(/\0+/g, '');
  const end = s.lastIndexOf('>');
  if (end >= 0 && end < s.length - 1) s = s.slice(0, end + 1);
  const start = s.indexOf('<');
  if (start > 0) s = s.slice(start);
  const trailer = s.lastIndexOf('<?xpacket');
  return trailer > 0 && s.indexOf('<', trailer + 1) < 0 ? s.slice(0, trailer).trimEnd() : s;
}

/**
 * A value as one string: the x-default (or first) item of an Alt, the first item of a Seq or Bag, or the text.
 * Empty or whitespace-only values are null.
 */
export function xmpText(node: XmpNode | undefined): string | null {
  if (!node) return null;
  if (node.items) {
    if (node.items.length === 0) return null;
    const chosen = node.container === 'Alt' ? (node.items.find((i) => i.lang === 'x-default') ?? node.items[0]) : node.items[0];
    return xmpText(chosen);
  }
  const t = node.text;
  return t === undefined || t.trim() === '' ? null : t;
}

/** A value as a list: each item of an array, or the single text as a one-item list. Always an array. */
export function xmpList(node: XmpNode | undefined): string[] {
  if (!node) return [];
  if (node.items) return node.items.map((i) => xmpText(i)).filter((t): t is string => t !== null);
  const t = xmpText(node);
  return t === null ? [] : [t];
}

/**
 * A value read as the field table says it is held: text, a language alternative, a list, a whole number, a
 * structure or an array of structures (objects with every key of the schema; absent values null, lists
 * arrays). A structure with no value at all is dropped, as ExifTool drops it.
 */
export function xmpValue(node: XmpNode | undefined, kind: XmpKind, schema?: StructSchema): unknown {
  switch (kind) {
    case 'text':
    case 'langAlt':
      return tidyOrNull(xmpText(node));
    case 'seq':
    case 'bag':
      return xmpList(node).map(tidy).filter((v) => v !== '');
    case 'integer': {
      const t = xmpText(node)?.trim();
      return t && /^[+-]?\d{1,15}$/.test(t) ? Number(t) : null;
    }
    case 'struct': {
      const fields = node?.fields ?? node?.items?.[0]?.fields;
      return fields ? readStruct(fields, schema!) : null;
    }
    case 'structs': {
      const list = node?.items ?? (node?.fields ? [node] : []);
      return list.map((i) => (i.fields ? readStruct(i.fields, schema!) : null)).filter((v) => v !== null);
    }
  }
}

function readStruct(fields: Map<string, XmpNode>, schema: StructSchema): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [key, f] of Object.entries(schema)) {
    const v = xmpValue(fields.get(xmpName(f.xmp).key), f.kind, f.struct);
    out[key] = v;
    if (v !== null && !(Array.isArray(v) && v.length === 0)) any = true;
  }
  return any ? out : null;
}

/** Trim, NFC, and drop trailing NULs that IIM and EXIF writers pad with: every text value of the record. */
export function tidy(s: string): string {
  return s.replace(/\0+$/, '').trim().normalize('NFC');
}

function tidyOrNull(s: string | null): string | null {
  const t = s === null ? '' : tidy(s);
  return t === '' ? null : t;
}

/** Decodes an XMP packet's bytes: UTF-8 unless a UTF-16/32 byte order mark says otherwise. */
export function decodeXmpBytes(bytes: Uint8Array): string {
  // XMP may be UTF-16 or UTF-32 with the BOM only inside the xpacket's begin attribute, so the first '<'
  // decides (the XMP specification's own rule).
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0 && b === 0 && c === 0 && d === 0x3c) return decodeUtf32(bytes, false);
  if (a === 0x3c && b === 0 && c === 0 && d === 0) return decodeUtf32(bytes, true);
  if ((a === 0xfe && b === 0xff) || (a === 0 && b === 0x3c)) return new TextDecoder('utf-16be').decode(bytes);
  if ((a === 0xff && b === 0xfe) || (a === 0x3c && b === 0)) return new TextDecoder('utf-16le').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

function decodeUtf32(bytes: Uint8Array, le: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let s = '';
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    const cp = view.getUint32(i, le);
    if (cp <= 0x10ffff) s += String.fromCodePoint(cp);
  }
  return s;
}
