import exifr from 'exifr/dist/full.esm.mjs';

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

/** The IFD0 tags readExif uses; the last resort of {@link parseKeepingIfd0} asks exifr for these alone. */
const IFD0 = { imageDescription: 0x010e, make: 0x010f, model: 0x0110, orientation: 0x0112, artist: 0x013b, copyright: 0x8298, photoshopIrb: 0x8649 } as const;

// Raw values and numeric keys: exifr's "revived" dates are local-time Date objects (the offset is lost), and
// translating keys costs a dictionary walk per tag. Thumbnails, maker notes and interop are skipped. No `pick`:
// exifr's pick path is 100x slower on some damaged blocks (seen on fuzzed corpus files), whole IFDs are cheap.
const EXIF_OPTIONS = {
  tiff: true,
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
  const out = await parseKeepingIfd0(tiff, tiffFile ? TIFF_FILE_OPTIONS : EXIF_OPTIONS);
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
 * How many tags exifr names as bad are skipped, one parse each, before the last resort. Few: exifr sizes an
 * array by each entry's claimed count, and one parse of a fuzzed corpus block took from 1 to 85 ms.
 */
const MAX_SKIPPED = 3;

/**
 * exifr's parse, again when it lost IFD0. exifr gives up a whole IFD on one value outside the block (a
 * truncated Exif block, an editor's bad offset), losing the orientation, artist and copyright with it,
 * where ExifTool reads every tag it can. When exifr's error names the tag (exifr 7.1.3's wording), the
 * parse is made again without it (up to three tags); at last exifr is asked for the IFD0 tags photodesk
 * uses alone (its `pick`), less those skipped. Not for the Exif and GPS IFDs: exifr does not report their
 * errors, and `pick` there took up to 100 ms on a fuzzed block. test/metadata/exif-damaged.test.ts holds
 * both ways.
 */
async function parseKeepingIfd0(tiff: Uint8Array, base: typeof EXIF_OPTIONS | typeof TIFF_FILE_OPTIONS): Promise<Parsed | undefined> {
  const parse = (options: object) => (exifr.parse(tiff, options as unknown as ExifrOptions) as Promise<Parsed | undefined>).catch(() => undefined);
  const skip: number[] = [...base.ifd0.skip];
  let out = await parse(base);
  for (let skipped = 0; lostIfd0(out) && skipped < MAX_SKIPPED; skipped++) {
    const tag = (out?.errors ?? []).map(namedIfd0Tag).find((t) => t !== null) ?? null;
    if (tag === null || skip.includes(tag)) break;
    skip.push(tag);
    out = await parse({ ...base, ifd0: { skip } });
  }
  if (!lostIfd0(out)) return out;
  return (await parse({ ...base, ifd0: Object.values(IFD0).filter((t) => !skip.includes(t)) })) ?? out;
}

/** The IFD0 tag an exifr error names ("Invalid TIFF value offset. block: IFD0, tag: 11a, ..."), or null. */
function namedIfd0Tag(error: unknown): number | null {
  const m = /^Invalid TIFF value (?:offset|type)\. block: IFD0, tag: ([0-9a-f]+),/.exec(String((error as Error | undefined)?.message ?? ''));
  return m ? parseInt(m[1]!, 16) : null;
}

/** True when exifr failed on IFD0 (it reports an error and no IFD0). */
function lostIfd0(out: Parsed | undefined): boolean {
  return out !== undefined && !out.ifd0 && (out.errors?.length ?? 0) > 0;
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
