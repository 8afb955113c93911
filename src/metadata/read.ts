import { PhotodeskError } from '../errors.js';
import { isPhoto, openPhotoForMetadata } from '../ingest/open.js';
import type { IngestOptions, Photo, PhotoSource, Warning } from '../ingest/types.js';
import { readBlocks } from './blocks.js';
import { decodeIim, decoderFor } from './charset.js';
import { exifDate, iimDate, xmpDate } from './dates.js';
import { iccDescription } from './icc.js';
import { FIELDS, type FieldKey, type FieldRow } from './fields.js';
import { IIM_DATE, IIM_TIME, parseIim, type IimData } from './iim.js';
import { chooseList, chooseText, type DigestState, type IimValue } from './reconcile.js';
import { TEXT_FIELDS, type PhotoMetadata, type Provenance, type ReadMetadataOptions, type TextField } from './types.js';
import { joinExtendedXmp, type ExtendedXmpPart } from '../containers/jpeg-segments.js';
import { xmpName } from './structs.js';
import { NS, decodeXmpBytes, parseXmp, tidy, xmpList, xmpText, xmpValue, type XmpNode } from './xmp.js';
import { xmpCoordinate } from './xmp-gps.js';

/** Default charset for undeclared, non-UTF-8 IIM text. */
export const DEFAULT_LEGACY_CHARSET = 'windows-1252';

/**
 * Reads one photo's metadata into a {@link PhotoMetadata} record: EXIF, IPTC-IIM and XMP reconciled the MWG
 * way, IIM text decoded in its real charset, and every disagreement reported as a warning. Never decodes
 * pixels.
 *
 * @param input a path, bytes, a stream, or a {@link Photo} from `openPhoto` (not read twice)
 * @throws {@link PhotodeskError} from ingest (`UNSUPPORTED_TYPE`, `PIXEL_LIMIT_EXCEEDED`...) or
 * `INVALID_CONFIG` for an unknown legacy charset.
 */
export async function readMetadata(
  input: PhotoSource | Photo,
  options: ReadMetadataOptions & IngestOptions = {},
): Promise<PhotoMetadata> {
  const legacy = checkCharset(options.legacyCharset ?? DEFAULT_LEGACY_CHARSET);
  const photo = isPhoto(input) ? input : await openPhotoForMetadata(input, options);
  return metadataFromPhoto(photo, legacy);
}

async function metadataFromPhoto(photo: Photo, legacy: string): Promise<PhotoMetadata> {
  const warnings: Warning[] = [...photo.warnings];
  const blocks = await readBlocks(photo);
  warnings.push(...blocks.warnings);
  if (blocks.headerError) warnings.push({ code: 'HEADER_UNREADABLE', message: `The image header is damaged: ${blocks.headerError}` });

  const props = mergedXmp(blocks.xmp, blocks.xmpExtended, warnings);
  const x = (ns: string, name: string): XmpNode | undefined => props.get(ns + name);

  const iim = blocks.iim ? parseIim(blocks.iim) : null;
  if (iim?.unknownCharset) warnings.push({ code: 'IIM_CHARSET_UNKNOWN', message: 'IPTC 1:90 declares a character set photodesk does not know; text was decoded as if undeclared' });
  const digest: DigestState = !iim ? 'no-iim' : !blocks.iptcDigest ? 'no-digest' : blocks.iptcDigest === iim.digest ? 'match' : 'mismatch';
  const iimReader = makeIimReader(iim, legacy, warnings);
  const exif = blocks.exif;
  const exifTag = { Artist: exif?.artist ?? null, ImageDescription: exif?.imageDescription ?? null, Copyright: exif?.copyright ?? null };

  const provenance = Object.fromEntries(TEXT_FIELDS.map((f) => [f, null])) as Record<TextField, Provenance | null>;
  /** One row of the table: XMP alone, or XMP, IIM (and EXIF) reconciled the MWG way. */
  const readField = (row: FieldRow): unknown => {
    const node = props.get(xmpName(row.xmp).key);
    if (row.kind === 'struct' || row.kind === 'structs' || row.kind === 'integer') return xmpValue(node, row.kind, row.struct);
    const key = row.key as TextField;
    if (row.kind === 'seq' || row.kind === 'bag') {
      const exifValue = row.exif ? exifTag[row.exif] : null;
      const chosen = chooseList(row.key, { exif: exifValue ? splitArtist(exifValue) : null, xmp: xmpList(node), iim: row.iim ? iimReader.all(row.iim.id) : null }, digest, row.iim?.limit ?? 0, warnings, legacy);
      provenance[key] = chosen.source;
      return (chosen.value ?? []).map(tidy).filter((v) => v !== '');
    }
    const xmpValueText = xmpText(node);
    const iimValue = row.iim ? iimReader.one(row.iim.id) : null;
    const chosen = chooseText(row.key, { exif: row.exif ? exifTag[row.exif] : null, xmp: xmpValueText, iim: iimValue }, digest, row.iim?.limit ?? 0, warnings, legacy);
    provenance[key] = chosen.source;
    if (chosen.source === 'iim' && row.iim && iimValue && (iimValue.partial || iimValue.bytes.length >= row.iim.limit)) {
      warnings.push({ code: 'IIM_TRUNCATED', message: `${row.key}: the IPTC value fills its ${row.iim.limit}-byte limit and has no XMP copy; it is probably cut ("${chosen.value}")` });
    }
    if (chosen.value === null) return null;
    return row.code ? vocabularyCode(chosen.value) : tidy(chosen.value);
  };
  // Special rows (the MWG date) are set below; the record keeps the table's order.
  const fields = Object.fromEntries(FIELDS.map((r) => [r.key, 'special' in r ? null : readField(r)]));

  const record: PhotoMetadata = {
    file: photo.file,
    format: photo.format,
    mime: photo.mime,
    bytes: photo.size,
    sha256: photo.sha256,
    width: photo.width,
    height: photo.height,
    orientation: null,
    displayWidth: photo.width,
    displayHeight: photo.height,
    colorSpace: blocks.colorSpace,
    iccProfile: iccDescription(blocks.icc ?? undefined),
    hasAlpha: blocks.hasAlpha,
    animated: photo.animatedHint || ((photo.format === 'gif' || photo.format === 'webp' || photo.format === 'png') && blocks.pages > 1),
    ...(fields as Pick<PhotoMetadata, FieldKey>),
    gps: exif?.gps ?? xmpGps(props),
    camera: {
      make: exif?.make ?? xmpText(x(NS.tiff, 'Make')),
      model: exif?.model ?? xmpText(x(NS.tiff, 'Model')),
      serialNumber: exif?.bodySerialNumber ?? xmpText(x(NS.exifEX, 'BodySerialNumber')) ?? xmpText(x(NS.aux, 'SerialNumber')),
      lens: exif?.lensModel ?? xmpText(x(NS.exifEX, 'LensModel')) ?? xmpText(x(NS.aux, 'Lens')),
    },
    c2pa: blocks.c2pa,
    provenance,
    warnings,
  };

  setDate(record, exif ? exifDate(exif.dateTimeOriginal, exif.subSecTimeOriginal, exif.offsetTimeOriginal) : null, xmpDate(xmpText(x(NS.photoshop, 'DateCreated'))), iimDate(iimReader.one(IIM_DATE)?.text ?? null, iimReader.one(IIM_TIME)?.text ?? null), digest);

  const orientation = exif?.orientation ?? numberOrNull(xmpText(x(NS.tiff, 'Orientation')));
  record.orientation = orientation !== null && orientation >= 1 && orientation <= 8 ? orientation : null;
  if (record.orientation !== null && record.orientation >= 5) {
    record.displayWidth = photo.height;
    record.displayHeight = photo.width;
  }
  return record;
}

/** The largest Extended XMP joined (real ones hold depth maps and thumbnails: a few MB). */
const MAX_EXTENDED_XMP = 32 * 1024 * 1024;

/**
 * The properties of every XMP packet, merged as ExifTool does: a later packet's property replaces an earlier
 * one's (editors that cannot rewrite in place append a newer packet), and the Extended XMP the main packet
 * names (xmpNote:HasExtendedXMP) is joined and merged in.
 */
function mergedXmp(packets: readonly Buffer[], extended: readonly ExtendedXmpPart[], warnings: Warning[]): Map<string, XmpNode> {
  const props = new Map<string, XmpNode>();
  const merge = (bytes: Buffer, what: string): void => {
    const packet = parseXmp(decodeXmpBytes(bytes));
    if (packet.error) warnings.push({ code: 'XMP_MALFORMED', message: `The ${what} is not well-formed XML (${packet.error}); values before the error were read` });
    for (const [k, v] of packet.props) props.set(k, v);
  };
  packets.forEach((p, i) => merge(p, packets.length > 1 ? `XMP packet ${i + 1} of ${packets.length}` : 'XMP packet'));
  const guid = xmpText(props.get(NS.xmpNote + 'HasExtendedXMP'));
  if (guid && extended.length > 0) {
    const joined = joinExtendedXmp(extended, guid, MAX_EXTENDED_XMP);
    if (joined) merge(joined, 'Extended XMP');
    else warnings.push({ code: 'XMP_MALFORMED', message: 'The Extended XMP is incomplete or inconsistent (missing or overlapping parts); it was not read' });
  }
  return props;
}

/** The code of a controlled-vocabulary URI: its last path segment ("http://.../vocab/MR-NAP" -> "MR-NAP"). */
function vocabularyCode(value: string): string {
  return value.trim().replace(/\/+$/, '').split('/').pop() ?? value;
}

/** MWG DateTimeOriginal: EXIF, then XMP when IIM is absent or in sync, then IIM. */
function setDate(record: PhotoMetadata, exif: string | null, xmp: string | null, iim: string | null, digest: DigestState): void {
  const pick: [string | null, Provenance] | null = exif
    ? [exif, 'exif']
    : xmp && digest !== 'mismatch'
      ? [xmp, 'xmp']
      : iim
        ? [iim, 'iim']
        : xmp
          ? [xmp, 'xmp']
          : null;
  if (pick) {
    record.dateCreated = pick[0];
    record.provenance.dateCreated = pick[1];
  }
}

interface IimReader {
  one(id: string): IimValue | null;
  all(id: string): IimValue[] | null;
}

function makeIimReader(iim: IimData | null, legacy: string, warnings: Warning[]): IimReader {
  let warned = false;
  const decode = (bytes: Buffer): IimValue => {
    const { text, how, partial } = decodeIim(bytes, iim!.declaredCharset, legacy);
    if (how === 'legacy' && !warned) {
      warned = true;
      warnings.push({ code: 'IIM_CHARSET_ASSUMED', message: `IPTC text has no character set declaration and is not UTF-8; it was read as ${legacy}` });
    }
    return { bytes: trimBytes(bytes), text, partial };
  };
  return {
    one: (id) => {
      const v = iim?.datasets.get(id)?.[0];
      return v ? decode(v) : null;
    },
    all: (id) => iim?.datasets.get(id)?.map(decode) ?? null,
  };
}

function trimBytes(b: Buffer): Buffer {
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0 || b[end - 1] === 0x20)) end--;
  return end === b.length ? b : b.subarray(0, end);
}

/** EXIF Artist may list several creators separated by semicolons (MWG). */
function splitArtist(artist: string): string[] {
  return artist.split(/\s*;\s*/).filter((s) => s !== '');
}


function xmpGps(props: Map<string, XmpNode>): PhotoMetadata['gps'] {
  const lat = xmpCoordinate(xmpText(props.get(NS.exif + 'GPSLatitude')));
  const lon = xmpCoordinate(xmpText(props.get(NS.exif + 'GPSLongitude')));
  if (lat === null || lon === null) return null;
  const altText = xmpText(props.get(NS.exif + 'GPSAltitude'));
  let alt: number | null = null;
  if (altText) {
    const [n, d] = altText.split('/').map(Number);
    alt = d ? n! / d : Number(n);
    if (!Number.isFinite(alt)) alt = null;
    else if (xmpText(props.get(NS.exif + 'GPSAltitudeRef')) === '1') alt = -alt;
  }
  return { lat, lon, alt };
}

function numberOrNull(s: string | null): number | null {
  if (s === null) return null;
  const n = Number(s);
  return Number.isInteger(n) ? n : null;
}

function checkCharset(label: string): string {
  try {
    decoderFor(label);
    return label;
  } catch {
    throw new PhotodeskError('INVALID_CONFIG', `legacyCharset: "${label}" is not a known character encoding (try windows-1252 or windows-1251)`);
  }
}
