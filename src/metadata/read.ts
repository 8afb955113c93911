import { PhotodeskError } from '../errors.js';
import { isPhoto, openPhoto } from '../ingest/open.js';
import type { IngestOptions, Photo, PhotoSource, Warning } from '../ingest/types.js';
import { readBlocks } from './blocks.js';
import { decodeIim, decoderFor } from './charset.js';
import { exifDate, iimDate, xmpDate } from './dates.js';
import { iccDescription } from './icc.js';
import { IIM_FIELDS, parseIim, type IimData } from './iim.js';
import { chooseList, chooseText, type DigestState, type IimValue } from './reconcile.js';
import { TEXT_FIELDS, type PhotoMetadata, type Provenance, type ReadMetadataOptions, type TextField } from './types.js';
import { NS, decodeXmpBytes, parseXmp, xmpField, xmpList, xmpText, type XmpNode } from './xmp.js';
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
  const photo = isPhoto(input) ? input : await openPhoto(input, options);
  return metadataFromPhoto(photo, legacy);
}

async function metadataFromPhoto(photo: Photo, legacy: string): Promise<PhotoMetadata> {
  const warnings: Warning[] = [...photo.warnings];
  const blocks = await readBlocks(photo);
  warnings.push(...blocks.warnings);
  if (blocks.headerError) warnings.push({ code: 'HEADER_UNREADABLE', message: `The image header is damaged: ${blocks.headerError}` });

  const xmp = blocks.xmp ? parseXmp(decodeXmpBytes(blocks.xmp)) : null;
  if (xmp?.error) warnings.push({ code: 'XMP_MALFORMED', message: `The XMP packet is not well-formed XML (${xmp.error}); values before the error were read` });
  const props = xmp?.props ?? new Map<string, XmpNode>();
  const x = (ns: string, name: string): XmpNode | undefined => props.get(ns + name);

  const iim = blocks.iim ? parseIim(blocks.iim) : null;
  if (iim?.unknownCharset) warnings.push({ code: 'IIM_CHARSET_UNKNOWN', message: 'IPTC 1:90 declares a character set photodesk does not know; text was decoded as if undeclared' });
  const digest: DigestState = !iim ? 'no-iim' : !blocks.iptcDigest ? 'no-digest' : blocks.iptcDigest === iim.digest ? 'match' : 'mismatch';
  const iimReader = makeIimReader(iim, legacy, warnings);
  const exif = blocks.exif;

  const provenance = Object.fromEntries(TEXT_FIELDS.map((f) => [f, null])) as Record<TextField, Provenance | null>;
  const text = (field: TextField, c: { exif?: string | null; xmp: string | null }, iimField?: keyof typeof IIM_FIELDS): string | null => {
    const spec = iimField ? IIM_FIELDS[iimField] : null;
    const iimValue = spec ? iimReader.one(spec.id) : null;
    const chosen = chooseText(field, { exif: c.exif ?? null, xmp: c.xmp, iim: iimValue }, digest, spec?.limit ?? 0, warnings, legacy);
    provenance[field] = chosen.source;
    if (chosen.source === 'iim' && spec && iimValue && (iimValue.partial || iimValue.bytes.length >= spec.limit)) {
      warnings.push({ code: 'IIM_TRUNCATED', message: `${field}: the IPTC value fills its ${spec.limit}-byte limit and has no XMP copy; it is probably cut ("${chosen.value}")` });
    }
    return chosen.value === null ? null : tidy(chosen.value);
  };
  const list = (field: TextField, c: { exif?: string[] | null; xmp: string[] }, iimField: keyof typeof IIM_FIELDS): string[] => {
    const spec = IIM_FIELDS[iimField];
    const chosen = chooseList(field, { exif: c.exif ?? null, xmp: c.xmp, iim: iimReader.all(spec.id) }, digest, spec.limit, warnings, legacy);
    provenance[field] = chosen.source;
    return (chosen.value ?? []).map(tidy).filter((s) => s !== '');
  };

  const locationShown = x(NS.iptcExt, 'LocationShown');
  const fromLocation = (name: string): string | null => xmpText(xmpField(locationShown, NS.iptcExt + name));

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
    credit: text('credit', { xmp: xmpText(x(NS.photoshop, 'Credit')) }, 'credit'),
    creator: list('creator', { exif: exif?.artist ? splitArtist(exif.artist) : null, xmp: xmpList(x(NS.dc, 'creator')) }, 'creator'),
    creatorTitle: text('creatorTitle', { xmp: xmpText(x(NS.photoshop, 'AuthorsPosition')) }, 'creatorTitle'),
    caption: text('caption', { exif: exif?.imageDescription, xmp: xmpText(x(NS.dc, 'description')) }, 'caption'),
    headline: text('headline', { xmp: xmpText(x(NS.photoshop, 'Headline')) }, 'headline'),
    title: text('title', { xmp: xmpText(x(NS.dc, 'title')) }, 'title'),
    copyright: text('copyright', { exif: exif?.copyright, xmp: xmpText(x(NS.dc, 'rights')) }, 'copyright'),
    source: text('source', { xmp: xmpText(x(NS.photoshop, 'Source')) }, 'source'),
    instructions: text('instructions', { xmp: xmpText(x(NS.photoshop, 'Instructions')) }, 'instructions'),
    keywords: list('keywords', { xmp: xmpList(x(NS.dc, 'subject')) }, 'keywords'),
    dateCreated: null,
    city: text('city', { xmp: fromLocation('City') ?? xmpText(x(NS.photoshop, 'City')) }, 'city'),
    region: text('region', { xmp: fromLocation('ProvinceState') ?? xmpText(x(NS.photoshop, 'State')) }, 'region'),
    country: text('country', { xmp: fromLocation('CountryName') ?? xmpText(x(NS.photoshop, 'Country')) }, 'country'),
    countryCode: text('countryCode', { xmp: fromLocation('CountryCode') ?? xmpText(x(NS.iptcCore, 'CountryCode')) }, 'countryCode'),
    digitalSourceType: null,
    webStatement: text('webStatement', { xmp: xmpText(x(NS.xmpRights, 'WebStatement')) }),
    usageTerms: text('usageTerms', { xmp: xmpText(x(NS.xmpRights, 'UsageTerms')) }),
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

  const dst = xmpText(x(NS.iptcExt, 'DigitalSourceType'));
  if (dst) {
    record.digitalSourceType = dst.trim().replace(/\/+$/, '').split('/').pop() ?? null;
    provenance.digitalSourceType = 'xmp';
  }
  setDate(record, exif ? exifDate(exif.dateTimeOriginal, exif.subSecTimeOriginal, exif.offsetTimeOriginal) : null, xmpDate(xmpText(x(NS.photoshop, 'DateCreated'))), iimDate(iimReader.one(IIM_FIELDS.dateCreated.id)?.text ?? null, iimReader.one(IIM_FIELDS.timeCreated.id)?.text ?? null), digest);

  const orientation = exif?.orientation ?? numberOrNull(xmpText(x(NS.tiff, 'Orientation')));
  record.orientation = orientation !== null && orientation >= 1 && orientation <= 8 ? orientation : null;
  if (record.orientation !== null && record.orientation >= 5) {
    record.displayWidth = photo.height;
    record.displayHeight = photo.width;
  }
  return record;
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

/** Trim, NFC, and drop trailing NULs that IIM and EXIF writers pad with. */
function tidy(s: string): string {
  return s.replace(/\0+$/, '').trim().normalize('NFC');
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
