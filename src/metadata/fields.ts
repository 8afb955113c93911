import {
  ARTWORK,
  CONTACT,
  COPYRIGHT_OWNER,
  CV_TERM,
  EMBEDDED_RIGHTS,
  IMAGE_CREATOR,
  IMAGE_REGION,
  IMAGE_SUPPLIER,
  LICENSOR,
  LINKED_RIGHTS,
  LOCATION,
  PERSON,
  PRODUCT,
  REGISTRY_ENTRY,
  type StructSchema,
  type XmpKind,
} from './structs.js';
import type { PhotoMetadata } from './types.js';

/**
 * The one table of the descriptive fields photodesk reads, reconciles, tidies, checks, embeds and keeps
 * private. Reading (read.ts), the cleaners (rules/clean.ts), the rules' field lists (config `required`), the
 * public record and the XMP written into renditions (renditions/embed.ts) are all derived from it: adding a
 * field is one row here, its key in {@link PhotoMetadata}, and the test that reads it back.
 */
export interface FieldRow {
  /** The record's key. */
  key: keyof PhotoMetadata;
  /** The XMP property, `prefix:Local` (prefixes in structs.ts). */
  xmp: string;
  kind: XmpKind;
  struct?: StructSchema;
  /** The IIM dataset ("record:dataset") and its byte limit (IIM 4.2), reconciled with XMP the MWG way. */
  iim?: { id: string; limit: number };
  /** The EXIF IFD0 tag MWG reads first. */
  exif?: 'Artist' | 'ImageDescription' | 'Copyright';
  /**
   * A controlled-vocabulary URI: the record keeps its code (the last path segment, e.g. `trainedAlgorithmicMedia`
   * of the IPTC digital source type, `MR-NAP` of a PLUS release status), as ExifTool does; this is the
   * vocabulary's base, written back in front of the code.
   */
  code?: string;
  /** Read by its own code (the MWG date from EXIF, XMP and IIM date and time). */
  special?: 'date';
  /**
   * Public: it may reach readers (the public record, the manifest, what renditions embed). Private fields
   * (instructions, contact details, release paperwork, workflow ids) stay in the private record.
   */
  public: boolean;
  /** The cleaners tidy it (whitespace, NFC) and say so in a finding. */
  tidy: boolean;
  /** ExifTool's tag name, where it is not the XMP property's name (for the conformance test and docs). */
  et?: string;
}

const IPTC_DST = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
const PLUS_VOCAB = 'http://ns.useplus.org/ldf/vocab/';

/** Every descriptive field. Order is the record's order. */
export const FIELDS = [
  // IPTC Core: the credit and caption a desk lives by
  { key: 'credit', xmp: 'photoshop:Credit', kind: 'text', iim: { id: '2:110', limit: 32 }, public: true, tidy: true },
  { key: 'creator', xmp: 'dc:creator', kind: 'seq', iim: { id: '2:80', limit: 32 }, exif: 'Artist', public: true, tidy: true },
  { key: 'creatorTitle', xmp: 'photoshop:AuthorsPosition', kind: 'text', iim: { id: '2:85', limit: 32 }, public: true, tidy: true },
  { key: 'caption', xmp: 'dc:description', kind: 'langAlt', iim: { id: '2:120', limit: 2000 }, exif: 'ImageDescription', public: true, tidy: true },
  { key: 'headline', xmp: 'photoshop:Headline', kind: 'text', iim: { id: '2:105', limit: 256 }, public: true, tidy: true },
  { key: 'title', xmp: 'dc:title', kind: 'langAlt', iim: { id: '2:5', limit: 64 }, public: true, tidy: true },
  { key: 'altText', xmp: 'Iptc4xmpCore:AltTextAccessibility', kind: 'langAlt', public: true, tidy: true },
  { key: 'extendedDescription', xmp: 'Iptc4xmpCore:ExtDescrAccessibility', kind: 'langAlt', public: true, tidy: true },
  { key: 'copyright', xmp: 'dc:rights', kind: 'langAlt', iim: { id: '2:116', limit: 128 }, exif: 'Copyright', public: true, tidy: true },
  { key: 'source', xmp: 'photoshop:Source', kind: 'text', iim: { id: '2:115', limit: 32 }, public: true, tidy: true },
  { key: 'instructions', xmp: 'photoshop:Instructions', kind: 'text', iim: { id: '2:40', limit: 256 }, public: false, tidy: true },
  { key: 'keywords', xmp: 'dc:subject', kind: 'bag', iim: { id: '2:25', limit: 64 }, public: true, tidy: true },
  { key: 'dateCreated', xmp: 'photoshop:DateCreated', kind: 'text', special: 'date', public: true, tidy: false },
  { key: 'sublocation', xmp: 'Iptc4xmpCore:Location', kind: 'text', iim: { id: '2:92', limit: 32 }, public: true, tidy: true },
  { key: 'city', xmp: 'photoshop:City', kind: 'text', iim: { id: '2:90', limit: 32 }, public: true, tidy: true },
  { key: 'region', xmp: 'photoshop:State', kind: 'text', iim: { id: '2:95', limit: 32 }, public: true, tidy: true },
  { key: 'country', xmp: 'photoshop:Country', kind: 'text', iim: { id: '2:101', limit: 64 }, public: true, tidy: true },
  { key: 'countryCode', xmp: 'Iptc4xmpCore:CountryCode', kind: 'text', iim: { id: '2:100', limit: 3 }, public: true, tidy: true },
  { key: 'intellectualGenre', xmp: 'Iptc4xmpCore:IntellectualGenre', kind: 'text', public: true, tidy: true },
  { key: 'scene', xmp: 'Iptc4xmpCore:Scene', kind: 'bag', public: true, tidy: true },
  { key: 'subjectCode', xmp: 'Iptc4xmpCore:SubjectCode', kind: 'bag', public: true, tidy: true },
  { key: 'captionWriter', xmp: 'photoshop:CaptionWriter', kind: 'text', iim: { id: '2:122', limit: 32 }, public: false, tidy: true },
  { key: 'jobId', xmp: 'photoshop:TransmissionReference', kind: 'text', iim: { id: '2:103', limit: 32 }, public: false, tidy: true },
  { key: 'creatorContact', xmp: 'Iptc4xmpCore:CreatorContactInfo', kind: 'struct', struct: CONTACT, public: false, tidy: false },
  // Rights
  { key: 'webStatement', xmp: 'xmpRights:WebStatement', kind: 'text', public: true, tidy: true },
  { key: 'usageTerms', xmp: 'xmpRights:UsageTerms', kind: 'langAlt', public: true, tidy: true },
  { key: 'copyrightOwner', xmp: 'plus:CopyrightOwner', kind: 'structs', struct: COPYRIGHT_OWNER, public: true, tidy: false },
  { key: 'licensor', xmp: 'plus:Licensor', kind: 'structs', struct: LICENSOR, public: true, tidy: false },
  { key: 'imageCreator', xmp: 'plus:ImageCreator', kind: 'structs', struct: IMAGE_CREATOR, public: true, tidy: false },
  { key: 'imageCreatorImageId', xmp: 'plus:ImageCreatorImageID', kind: 'text', public: true, tidy: false },
  { key: 'imageSupplier', xmp: 'plus:ImageSupplier', kind: 'structs', struct: IMAGE_SUPPLIER, public: true, tidy: false },
  { key: 'imageSupplierImageId', xmp: 'plus:ImageSupplierImageID', kind: 'text', public: true, tidy: false },
  { key: 'dataMining', xmp: 'plus:DataMining', kind: 'text', code: PLUS_VOCAB, public: true, tidy: false },
  { key: 'otherConstraints', xmp: 'plus:OtherConstraints', kind: 'langAlt', public: true, tidy: true },
  { key: 'embeddedRights', xmp: 'Iptc4xmpExt:EmbdEncRightsExpr', kind: 'structs', struct: EMBEDDED_RIGHTS, public: true, tidy: false },
  { key: 'linkedRights', xmp: 'Iptc4xmpExt:LinkedEncRightsExpr', kind: 'structs', struct: LINKED_RIGHTS, public: true, tidy: false },
  { key: 'modelReleaseStatus', xmp: 'plus:ModelReleaseStatus', kind: 'text', code: PLUS_VOCAB, public: false, tidy: false },
  { key: 'modelReleaseId', xmp: 'plus:ModelReleaseID', kind: 'bag', public: false, tidy: false },
  { key: 'propertyReleaseStatus', xmp: 'plus:PropertyReleaseStatus', kind: 'text', code: PLUS_VOCAB, public: false, tidy: false },
  { key: 'propertyReleaseId', xmp: 'plus:PropertyReleaseID', kind: 'bag', public: false, tidy: false },
  { key: 'minorModelAgeDisclosure', xmp: 'plus:MinorModelAgeDisclosure', kind: 'text', code: PLUS_VOCAB, public: false, tidy: false },
  // IPTC Extension: what and who is shown
  { key: 'digitalSourceType', xmp: 'Iptc4xmpExt:DigitalSourceType', kind: 'text', code: IPTC_DST, public: true, tidy: false },
  { key: 'event', xmp: 'Iptc4xmpExt:Event', kind: 'langAlt', public: true, tidy: true },
  { key: 'personShown', xmp: 'Iptc4xmpExt:PersonInImage', kind: 'bag', public: true, tidy: true },
  { key: 'personShownDetails', xmp: 'Iptc4xmpExt:PersonInImageWDetails', kind: 'structs', struct: PERSON, public: true, tidy: false },
  { key: 'organisationShown', xmp: 'Iptc4xmpExt:OrganisationInImageName', kind: 'bag', public: true, tidy: true },
  { key: 'organisationShownCode', xmp: 'Iptc4xmpExt:OrganisationInImageCode', kind: 'bag', public: true, tidy: false },
  { key: 'locationCreated', xmp: 'Iptc4xmpExt:LocationCreated', kind: 'structs', struct: LOCATION, public: true, tidy: false },
  { key: 'locationShown', xmp: 'Iptc4xmpExt:LocationShown', kind: 'structs', struct: LOCATION, public: true, tidy: false },
  { key: 'artwork', xmp: 'Iptc4xmpExt:ArtworkOrObject', kind: 'structs', struct: ARTWORK, public: true, tidy: false },
  { key: 'productShown', xmp: 'Iptc4xmpExt:ProductInImage', kind: 'structs', struct: PRODUCT, public: true, tidy: false },
  { key: 'imageRegions', xmp: 'Iptc4xmpExt:ImageRegion', kind: 'structs', struct: IMAGE_REGION, public: true, tidy: false },
  { key: 'aboutCvTerm', xmp: 'Iptc4xmpExt:AboutCvTerm', kind: 'structs', struct: CV_TERM, public: true, tidy: false },
  { key: 'genre', xmp: 'Iptc4xmpExt:Genre', kind: 'structs', struct: CV_TERM, public: true, tidy: false },
  { key: 'controlledVocabularyTerm', xmp: 'Iptc4xmpExt:CVterm', kind: 'bag', public: true, tidy: false, et: 'ControlledVocabularyTerm' },
  { key: 'digitalImageGuid', xmp: 'Iptc4xmpExt:DigImageGUID', kind: 'text', public: true, tidy: false, et: 'DigitalImageGUID' },
  { key: 'registryId', xmp: 'Iptc4xmpExt:RegistryId', kind: 'structs', struct: REGISTRY_ENTRY, public: true, tidy: false, et: 'RegistryID' },
  { key: 'maxAvailWidth', xmp: 'Iptc4xmpExt:MaxAvailWidth', kind: 'integer', public: false, tidy: false },
  { key: 'maxAvailHeight', xmp: 'Iptc4xmpExt:MaxAvailHeight', kind: 'integer', public: false, tidy: false },
  { key: 'modelAge', xmp: 'Iptc4xmpExt:ModelAge', kind: 'bag', public: false, tidy: false },
  { key: 'additionalModelInfo', xmp: 'Iptc4xmpExt:AddlModelInfo', kind: 'text', public: false, tidy: false, et: 'AdditionalModelInformation' },
  { key: 'iptcLastEdited', xmp: 'Iptc4xmpExt:IptcLastEdited', kind: 'text', public: false, tidy: false, et: 'IPTCLastEdited' },
] as const satisfies readonly FieldRow[];

type Row = (typeof FIELDS)[number];

/** Every key of the table. */
export type FieldKey = Row['key'];

/** The text and list fields (their source is recorded in `provenance`). */
export type TextField = Extract<Row, { kind: 'text' | 'langAlt' | 'seq' | 'bag' }>['key'];

/** The public fields: what may reach readers. */
export type PublicField = Extract<Row, { public: true }>['key'];

/** The text and list fields, in table order. */
export const TEXT_FIELDS = FIELDS.filter((r) => r.kind === 'text' || r.kind === 'langAlt' || r.kind === 'seq' || r.kind === 'bag').map((r) => r.key) as readonly TextField[];

/** The public fields, in table order. */
export const PUBLIC_FIELDS = FIELDS.filter((r) => r.public).map((r) => r.key) as readonly PublicField[];

/** The fields that stay in the private record. */
export const PRIVATE_FIELDS = FIELDS.filter((r) => !r.public).map((r) => r.key);

type TextRow = Extract<Row, { kind: 'text' | 'langAlt' }>;
type ListRow = Extract<Row, { kind: 'seq' | 'bag' }>;

/** The single-valued text fields the cleaners tidy (whitespace, NFC), in table order. */
export const TIDY_TEXT = FIELDS.filter((r): r is Extract<TextRow, { tidy: true }> => r.tidy && (r.kind === 'text' || r.kind === 'langAlt')).map((r) => r.key);

/** The list fields whose items the cleaners tidy. */
export const TIDY_LISTS = FIELDS.filter((r): r is Extract<ListRow, { tidy: true }> => r.tidy && (r.kind === 'seq' || r.kind === 'bag')).map((r) => r.key);

type PublicListRow = Extract<Row, { kind: 'seq' | 'bag' | 'structs'; public: true }>;

/** The public fields that are lists (of text or of structures): what `rules.lists.maxItems` caps. */
export const PUBLIC_LISTS = FIELDS.filter((r): r is PublicListRow => r.public && (r.kind === 'seq' || r.kind === 'bag' || r.kind === 'structs')).map((r) => r.key);

/** Public fields with their values, empty ones left out: what may be published of a record. */
export type PublicRecord = Partial<Pick<PhotoMetadata, PublicField>>;

/**
 * The public part of a record: the named public fields (default all) that have a value. Private fields cannot
 * be named, so nothing private is ever picked.
 */
export function publicRecord(record: PhotoMetadata, fields: readonly PublicField[] = PUBLIC_FIELDS): PublicRecord {
  const out: Record<string, unknown> = {};
  for (const row of FIELDS) {
    if (!row.public || !fields.includes(row.key)) continue;
    const v = record[row.key];
    if (v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[row.key] = v;
  }
  return out as PublicRecord;
}

/** The EXIF IFD0 text tags MWG reads before XMP and IIM (the table's `exif` column). */
export type ExifTextTag = NonNullable<FieldRow['exif']>;

/**
 * What a record says for each EXIF text tag of the table: the caption for ImageDescription, the copyright for
 * Copyright, the creators joined with "; " for Artist (MWG's list form). Null when the record has no value.
 * Renditions and the desk copy write EXIF from this, so they never disagree with the XMP they carry.
 */
export function exifTextOf(record: Partial<PhotoMetadata>): Record<ExifTextTag, string | null> {
  const out: Record<ExifTextTag, string | null> = { Artist: null, ImageDescription: null, Copyright: null };
  for (const row of FIELDS as readonly FieldRow[]) {
    if (!row.exif) continue;
    const v = record[row.key];
    out[row.exif] = Array.isArray(v) ? (v.length > 0 ? v.join('; ') : null) : typeof v === 'string' ? v : null;
  }
  return out;
}

/** A field's row. */
export function fieldRow(key: FieldKey): FieldRow {
  return FIELDS.find((r) => r.key === key)!;
}
