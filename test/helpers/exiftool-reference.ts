/**
 * What ExifTool says each normalized field is, computed from its raw readings in ../shared/corpus/exiftool.json
 * (`exiftool -json -G1 -a -n`) with the precedence rules of ExifTool's own MWG module (Image::ExifTool::MWG:
 * EXIF if non-blank, else XMP unless the IPTC digest shows IIM is newer, RecoverTruncatedIPTC). This is an
 * independent re-statement of the rule over ExifTool's decoding, not photodesk's code.
 */
export type ExifToolRecord = Record<string, unknown>;

export const FIELDS = ['format', 'width', 'height', 'orientation', 'credit', 'creator', 'caption', 'headline', 'copyright', 'source', 'creatorTitle', 'title', 'instructions', 'keywords', 'city', 'region', 'country', 'captionWriter', 'jobId', 'dateCreated', 'gps', 'make', 'model', 'serialNumber', 'lens'] as const;
export type Field = (typeof FIELDS)[number];

const FORMATS: Record<string, string> = {
  JPEG: 'jpeg',
  PNG: 'png',
  WEBP: 'webp',
  'Extended WEBP': 'webp',
  AVIF: 'avif',
  HEIC: 'heic',
  HEIF: 'heic',
  TIFF: 'tiff',
  BTF: 'tiff',
  GIF: 'gif',
};

function str(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(String).join('; ');
  return String(v);
}

function list(v: unknown): string[] | null {
  if (v === undefined || v === null) return null;
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

function blank(s: string | null): boolean {
  return s === null || /^ *$/.test(s);
}

function recover(iim: string | null, xmp: string | null, limit: number): string | null {
  if (xmp === null) return iim;
  if (iim !== null && iim.length === limit && xmp.length > limit && xmp.startsWith(iim)) return xmp;
  return iim;
}

/** MWG's rule for one field, as in MWG.pm's RawConv: returns the chosen value and which block it came from. */
function mwg(r: ExifToolRecord, exifKey: string | null, iimKey: string, xmpKey: string, limit: number, asList: boolean) {
  const read = asList ? (k: string) => (list(r[k]) ? list(r[k])!.join('; ') : null) : (k: string) => str(r[k]);
  const exif = exifKey ? read(exifKey) : null;
  const iim = read(iimKey);
  const xmp = read(xmpKey);
  const current = str(r['File:CurrentIPTCDigest']);
  const stored = str(r['Photoshop:IPTCDigest']);
  if (exif !== null && !blank(exif)) return { value: exif, from: 'exif' as const };
  if (current === null || iim === null) return { value: xmp, from: 'xmp' as const };
  if (xmp !== null && (stored === null || current === stored)) return { value: xmp, from: 'xmp' as const };
  const v = recover(iim, xmp, limit);
  return { value: v, from: v === xmp ? ('xmp' as const) : ('iim' as const) };
}

/**
 * The text fields ExifTool's MWG rule decides, one row each: the EXIF tag (when there is one), the IIM and
 * XMP tags as ExifTool names them, IIM's length limit (for RecoverTruncatedIPTC), and whether it is a list.
 */
const MWG: Partial<Record<Field, [exif: string | null, iim: string, xmp: string, limit: number, list: boolean]>> = {
  credit: [null, 'IPTC:Credit', 'XMP-photoshop:Credit', 32, false],
  source: [null, 'IPTC:Source', 'XMP-photoshop:Source', 32, false],
  headline: [null, 'IPTC:Headline', 'XMP-photoshop:Headline', 256, false],
  caption: ['IFD0:ImageDescription', 'IPTC:Caption-Abstract', 'XMP-dc:Description', 2000, false],
  copyright: ['IFD0:Copyright', 'IPTC:CopyrightNotice', 'XMP-dc:Rights', 128, false],
  creator: ['IFD0:Artist', 'IPTC:By-line', 'XMP-dc:Creator', 32, true],
  creatorTitle: [null, 'IPTC:By-lineTitle', 'XMP-photoshop:AuthorsPosition', 32, false],
  title: [null, 'IPTC:ObjectName', 'XMP-dc:Title', 64, false],
  instructions: [null, 'IPTC:SpecialInstructions', 'XMP-photoshop:Instructions', 256, false],
  keywords: [null, 'IPTC:Keywords', 'XMP-dc:Subject', 64, true],
  city: [null, 'IPTC:City', 'XMP-photoshop:City', 32, false],
  region: [null, 'IPTC:Province-State', 'XMP-photoshop:State', 32, false],
  country: [null, 'IPTC:Country-PrimaryLocationName', 'XMP-photoshop:Country', 64, false],
  captionWriter: [null, 'IPTC:Writer-Editor', 'XMP-photoshop:CaptionWriter', 32, false],
  jobId: [null, 'IPTC:OriginalTransmissionReference', 'XMP-photoshop:TransmissionReference', 32, false],
};

/** ExifTool's value of a field for one file (null when ExifTool has none), and its source block. */
export function reference(r: ExifToolRecord, field: Field): { value: string | number | null; from: string | null } {
  const row = MWG[field];
  if (row) return mwg(r, ...row);
  switch (field) {
    case 'format': {
      const t = str(r['File:FileType']);
      return { value: t === null ? null : (FORMATS[t] ?? `other:${t}`), from: 'file' };
    }
    case 'width':
    case 'height': {
      const k = field === 'width' ? 'ImageWidth' : 'ImageHeight';
      for (const g of ['File', 'PNG', 'GIF', 'RIFF', 'IFD0']) {
        const v = r[`${g}:${k}`];
        if (typeof v === 'number') return { value: v, from: g };
      }
      return { value: null, from: null };
    }
    case 'orientation': {
      const v = r['IFD0:Orientation'];
      return { value: typeof v === 'number' && v >= 1 && v <= 8 ? v : null, from: 'exif' };
    }
    case 'dateCreated': {
      // MWG's DateTimeOriginal takes EXIF's first; compared where EXIF has one, to the second.
      const d = str(r['ExifIFD:DateTimeOriginal']);
      const m = d === null ? null : /^(\d{4}):(\d\d):(\d\d) (\d\d:\d\d:\d\d)/.exec(d);
      return m && m[1] !== '0000' ? { value: `${m[1]}-${m[2]}-${m[3]}T${m[4]}`, from: 'exif' } : { value: null, from: null };
    }
    case 'gps': {
      // ExifTool's composite position: signed by the Ref tags, from EXIF's GPS IFD or else XMP.
      const [lat, lon] = [r['Composite:GPSLatitude'], r['Composite:GPSLongitude']];
      return typeof lat === 'number' && typeof lon === 'number' ? { value: position(lat, lon), from: 'composite' } : { value: null, from: null };
    }
    case 'make':
    case 'model': {
      const k = field === 'make' ? 'Make' : 'Model';
      return first(r, [`IFD0:${k}`, `XMP-tiff:${k}`]);
    }
    case 'serialNumber':
      return first(r, ['ExifIFD:SerialNumber', 'XMP-exifEX:BodySerialNumber', 'XMP-aux:SerialNumber']);
    case 'lens':
      return first(r, ['ExifIFD:LensModel', 'XMP-exifEX:LensModel', 'XMP-aux:Lens']);
    default:
      throw new Error(`no ExifTool reference for the field ${field}`);
  }
}

/** The first of these tags with a non-blank value: EXIF before XMP, as for every field MWG defines. */
function first(r: ExifToolRecord, keys: string[]): { value: string | null; from: string | null } {
  for (const k of keys) {
    const v = str(r[k]);
    if (!blank(v)) return { value: v, from: k };
  }
  return { value: null, from: null };
}

/** A position as "lat,lon" in signed degrees (compared by {@link agrees} to a tolerance). */
export function position(lat: number, lon: number): string {
  return `${lat},${lon}`;
}

/**
 * Two comparable values agree: equal, or for a position within 1e-6 degrees (about 10 cm), since photodesk
 * rounds to 7 decimals where ExifTool prints a double.
 */
export function agrees(field: Field, a: string | null, b: string | null): boolean {
  if (a === b) return true;
  if (field !== 'gps' || a === null || b === null) return false;
  const [p, q] = [a.split(',').map(Number), b.split(',').map(Number)];
  return Math.abs(p[0]! - q[0]!) <= 1e-6 && Math.abs(p[1]! - q[1]!) <= 1e-6;
}

/** The form two values are compared in: NFC, whitespace collapsed, trimmed; lists joined with "; ". */
export function comparable(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = Array.isArray(v) ? v.map(String).join('; ') : String(v);
  const t = s.normalize('NFC').replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}
