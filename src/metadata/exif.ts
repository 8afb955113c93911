import exifr from 'exifr/dist/full.esm.mjs';
import { withoutBadEntries } from '../containers/tiff-entries.js';

/** The EXIF (TIFF IFD0, Exif IFD, GPS IFD) values photodesk uses, with raw text and numbers. */
export interface ExifValues {
  imageDescription: string | null;
  artist: string | null;
  copyright: string | null;
  make: string | null;
  model: string | null;
  orientation: number | null;
  dateTimeOriginal: string | null;
  subSecTimeOriginal: string | null;
  offsetTimeOriginal: string | null;
  bodySerialNumber: string | null;
  lensModel: string | null;
  gps: { lat: number; lon: number; alt: number | null } | null;
  /** TIFF only: the Photoshop IRB (tag 34377), which carries the IPTC digest. */
  photoshopIrb: Uint8Array | null;
}

/** The IFD0 tags readExif uses. */
const IFD0 = { imageDescription: 0x010e, make: 0x010f, model: 0x0110, orientation: 0x0112, artist: 0x013b, copyright: 0x8298, photoshopIrb: 0x8649 } as const;

// Raw values and numeric keys: exifr's "revived" dates are local-time Date objects (the offset is lost), and
// translating keys costs a dictionary walk per tag. Thumbnails, maker notes and interop are skipped.
// No `tiff: true`: exifr takes it to turn every TIFF block on, IFD1 and interop included, whatever they say.
const EXIF_OPTIONS = {
  ifd1: false,
  interop: false,
  makerNote: false,
  userComment: false,
  xmp: false,
  iptc: false,
  icc: false,
  jfif: false,
  ihdr: false,
  translateKeys: false,
  translateValues: false,
  reviveValues: false,
  sanitize: false,
  mergeOutput: false,
  silentErrors: true,
  // The Photoshop IRB belongs to TIFF files; in a JPEG's Exif block it is never wanted.
  ifd0: { skip: [IFD0.photoshopIrb] },
} as const;
const TIFF_FILE_OPTIONS = { ...EXIF_OPTIONS, ifd0: { skip: [] } };

type Block = Record<number, unknown> | undefined;

/**
 * Reads EXIF from a TIFF structure (a JPEG's or HEIF's Exif block, or a whole TIFF file when `tiffFile`) with
 * exifr. Returns null when there is no readable TIFF structure.
 */
export async function readExif(tiff: Uint8Array, tiffFile = false): Promise<ExifValues | null> {
  const out = await parse(tiff, tiffFile ? TIFF_FILE_OPTIONS : EXIF_OPTIONS);
  if (!out) return null;
  const ifd0 = out.ifd0 ?? {};
  const exif = out.exif ?? {};
  const gps = out.gps ?? {};
  return {
    imageDescription: text(ifd0[IFD0.imageDescription]),
    artist: text(ifd0[IFD0.artist]),
    copyright: copyrightText(ifd0[IFD0.copyright]),
    make: text(ifd0[IFD0.make]),
    model: text(ifd0[IFD0.model]),
    orientation: orientation(ifd0[IFD0.orientation]),
    dateTimeOriginal: text(exif[0x9003]),
    subSecTimeOriginal: text(exif[0x9291]),
    offsetTimeOriginal: text(exif[0x9011]),
    bodySerialNumber: text(exif[0xa431]),
    lensModel: text(exif[0xa434]),
    gps: gpsPosition(gps),
    photoshopIrb: bytes(ifd0[IFD0.photoshopIrb]),
  };
}

type Parsed = Record<string, Block> & { errors?: unknown[] };
type ExifrOptions = Parameters<typeof exifr.parse>[1];

/**
 * exifr's parse of a TIFF structure whose bad entries are emptied first (containers/tiff-entries): exifr
 * would otherwise give up the whole IFD holding one (ExifTool reads every tag it can), or allocate by a
 * fuzzed count. test/metadata/exif-damaged.test.ts holds it to ExifTool.
 */
async function parse(tiff: Uint8Array, options: typeof EXIF_OPTIONS | typeof TIFF_FILE_OPTIONS): Promise<Parsed | undefined> {
  return (exifr.parse(withoutBadEntries(tiff), options as unknown as ExifrOptions) as Promise<Parsed | undefined>).catch(() => undefined);
}

/** An EXIF ASCII value, which ends at its first NUL: what follows is a writer's leftover bytes (ExifTool stops there too). */
function text(v: unknown): string | null {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return null;
  const nul = v.indexOf('\0');
  const t = (nul >= 0 ? v.slice(0, nul) : v).trim();
  return t === '' ? null : t;
}

/** EXIF Copyright may hold "photographer\0editor"; MWG reads the photographer's part, an empty one as absent. */
function copyrightText(v: unknown): string | null {
  if (typeof v !== 'string') return text(v);
  const parts = v.split('\0').map((p) => p.trim()).filter((p) => p !== '');
  return parts.length === 0 ? null : parts.join(', ');
}

function orientation(v: unknown): number | null {
  const n = typeof v === 'number' ? v : Array.isArray(v) ? Number(v[0]) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 8 ? n : null;
}

function bytes(v: unknown): Uint8Array | null {
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return Uint8Array.from(v as number[]);
  return null;
}

function gpsPosition(gps: Record<number, unknown>): ExifValues['gps'] {
  const lat = dms(gps[0x0002]);
  const lon = dms(gps[0x0004]);
  if (lat === null || lon === null || (lat === 0 && lon === 0)) return null;
  const latRef = String(gps[0x0001] ?? 'N').trim().toUpperCase();
  const lonRef = String(gps[0x0003] ?? 'E').trim().toUpperCase();
  const altRaw = gps[0x0006];
  const alt = typeof altRaw === 'number' && Number.isFinite(altRaw) ? altRaw * (Number(gps[0x0005]) === 1 ? -1 : 1) : null;
  const signedLat = latRef.startsWith('S') ? -lat : lat;
  const signedLon = lonRef.startsWith('W') ? -lon : lon;
  if (Math.abs(signedLat) > 90 || Math.abs(signedLon) > 180) return null;
  return { lat: round(signedLat, 7), lon: round(signedLon, 7), alt: alt === null ? null : round(alt, 2) };
}

function dms(v: unknown): number | null {
  const parts = Array.isArray(v) ? v.map(Number) : typeof v === 'number' ? [v] : null;
  if (!parts || parts.length === 0 || parts.some((p) => !Number.isFinite(p))) return null;
  return (parts[0] ?? 0) + (parts[1] ?? 0) / 60 + (parts[2] ?? 0) / 3600;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
