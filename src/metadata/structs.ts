/**
 * The IPTC structures (IPTC Photo Metadata Standard 2025.1, XMP side), one schema each: our key -> the XMP
 * field it is read from and written to. Reading and writing walk these schemas, so a field added here is read,
 * embedded (when public) and compared with ExifTool by the conformance test without further code.
 */

/** How a value is held in XMP, and what it becomes in the record. */
export type XmpKind =
  /** Simple text (or the first item of an array written where text was expected): string | null. */
  | 'text'
  /** A language alternative: its x-default (or first) item, string | null. */
  | 'langAlt'
  /** An ordered or unordered array of text: string[]. */
  | 'seq'
  | 'bag'
  /** Simple text holding a whole number: number | null. */
  | 'integer'
  /** One structure: object | null. */
  | 'struct'
  /** An array of structures: object[]. */
  | 'structs';

/** One field of a structure. */
export interface StructField {
  /** `prefix:Local`, the prefix one of {@link PREFIXES}. */
  xmp: string;
  kind: XmpKind;
  /** For `struct` and `structs`. */
  struct?: StructSchema;
}

/** A structure: our key -> its XMP field. */
export type StructSchema = Readonly<Record<string, StructField>>;

const f = (xmp: string, kind: XmpKind = 'text', struct?: StructSchema): StructField => (struct ? { xmp, kind, struct } : { xmp, kind });

/** Iptc4xmpExt:LocationDetails (Location Created, Location Shown). GPS is left out: it is private. */
export const LOCATION: StructSchema = {
  sublocation: f('Iptc4xmpExt:Sublocation'),
  city: f('Iptc4xmpExt:City'),
  provinceState: f('Iptc4xmpExt:ProvinceState'),
  countryName: f('Iptc4xmpExt:CountryName'),
  countryCode: f('Iptc4xmpExt:CountryCode'),
  worldRegion: f('Iptc4xmpExt:WorldRegion'),
  locationId: f('Iptc4xmpExt:LocationId', 'bag'),
  locationName: f('Iptc4xmpExt:LocationName', 'langAlt'),
};

/** Iptc4xmpCore:ContactInfo (the creator's contact details: private). */
export const CONTACT: StructSchema = {
  address: f('Iptc4xmpCore:CiAdrExtadr'),
  city: f('Iptc4xmpCore:CiAdrCity'),
  region: f('Iptc4xmpCore:CiAdrRegion'),
  postalCode: f('Iptc4xmpCore:CiAdrPcode'),
  country: f('Iptc4xmpCore:CiAdrCtry'),
  phone: f('Iptc4xmpCore:CiTelWork'),
  email: f('Iptc4xmpCore:CiEmailWork'),
  url: f('Iptc4xmpCore:CiUrlWork'),
};

/** plus:Licensor: who licenses the photo, with the URL search engines link as "get this image". */
export const LICENSOR: StructSchema = {
  id: f('plus:LicensorID'),
  name: f('plus:LicensorName'),
  url: f('plus:LicensorURL'),
  email: f('plus:LicensorEmail'),
  telephone1: f('plus:LicensorTelephone1'),
  telephoneType1: f('plus:LicensorTelephoneType1'),
  telephone2: f('plus:LicensorTelephone2'),
  telephoneType2: f('plus:LicensorTelephoneType2'),
  streetAddress: f('plus:LicensorStreetAddress'),
  extendedAddress: f('plus:LicensorExtendedAddress'),
  city: f('plus:LicensorCity'),
  region: f('plus:LicensorRegion'),
  postalCode: f('plus:LicensorPostalCode'),
  country: f('plus:LicensorCountry'),
};

/** A PLUS party (Copyright Owner, Image Creator, Image Supplier): an id and a name. */
function party(name: 'CopyrightOwner' | 'ImageCreator' | 'ImageSupplier'): StructSchema {
  return { id: f(`plus:${name}ID`), name: f(`plus:${name}Name`) };
}
export const COPYRIGHT_OWNER = party('CopyrightOwner');
export const IMAGE_CREATOR = party('ImageCreator');
export const IMAGE_SUPPLIER = party('ImageSupplier');

/** Iptc4xmpExt:CVTermDetails (About, Genre, a person's characteristics). */
export const CV_TERM: StructSchema = {
  cvId: f('Iptc4xmpExt:CvId'),
  termId: f('Iptc4xmpExt:CvTermId'),
  termName: f('Iptc4xmpExt:CvTermName', 'langAlt'),
  refinedAbout: f('Iptc4xmpExt:CvTermRefinedAbout'),
};

/** Iptc4xmpExt:PersonDetails (Person Shown with details). */
export const PERSON: StructSchema = {
  name: f('Iptc4xmpExt:PersonName', 'langAlt'),
  id: f('Iptc4xmpExt:PersonId', 'bag'),
  description: f('Iptc4xmpExt:PersonDescription', 'langAlt'),
  characteristic: f('Iptc4xmpExt:PersonCharacteristic', 'structs', CV_TERM),
};

/** Iptc4xmpExt:ArtworkOrObjectDetails. */
export const ARTWORK: StructSchema = {
  title: f('Iptc4xmpExt:AOTitle', 'langAlt'),
  creator: f('Iptc4xmpExt:AOCreator', 'seq'),
  creatorId: f('Iptc4xmpExt:AOCreatorId', 'seq'),
  dateCreated: f('Iptc4xmpExt:AODateCreated'),
  circaDateCreated: f('Iptc4xmpExt:AOCircaDateCreated'),
  contentDescription: f('Iptc4xmpExt:AOContentDescription', 'langAlt'),
  contributionDescription: f('Iptc4xmpExt:AOContributionDescription', 'langAlt'),
  copyrightNotice: f('Iptc4xmpExt:AOCopyrightNotice'),
  copyrightOwnerName: f('Iptc4xmpExt:AOCurrentCopyrightOwnerName'),
  copyrightOwnerId: f('Iptc4xmpExt:AOCurrentCopyrightOwnerId'),
  licensorName: f('Iptc4xmpExt:AOCurrentLicensorName'),
  licensorId: f('Iptc4xmpExt:AOCurrentLicensorId'),
  physicalDescription: f('Iptc4xmpExt:AOPhysicalDescription', 'langAlt'),
  source: f('Iptc4xmpExt:AOSource'),
  sourceInventoryNo: f('Iptc4xmpExt:AOSourceInvNo'),
  sourceInventoryUrl: f('Iptc4xmpExt:AOSourceInvURL'),
  stylePeriod: f('Iptc4xmpExt:AOStylePeriod', 'bag'),
};

/** Iptc4xmpExt:EntityWRole-like pair used by region roles and content types. */
const REGION_ENTITY: StructSchema = {
  identifier: f('xmp:Identifier', 'bag'),
  name: f('Iptc4xmpExt:Name', 'langAlt'),
};

const VERTEX: StructSchema = { x: f('Iptc4xmpExt:rbX'), y: f('Iptc4xmpExt:rbY') };

/** Iptc4xmpExt:RegionBoundary: a rectangle, circle or polygon, in pixels or relative to the image. */
export const REGION_BOUNDARY: StructSchema = {
  shape: f('Iptc4xmpExt:rbShape'),
  unit: f('Iptc4xmpExt:rbUnit'),
  x: f('Iptc4xmpExt:rbX'),
  y: f('Iptc4xmpExt:rbY'),
  w: f('Iptc4xmpExt:rbW'),
  h: f('Iptc4xmpExt:rbH'),
  rx: f('Iptc4xmpExt:rbRx'),
  vertices: f('Iptc4xmpExt:rbVertices', 'structs', VERTEX),
};

/** Iptc4xmpExt:ImageRegion: an area of the picture, what it shows and its role (e.g. a crop's subject). */
export const IMAGE_REGION: StructSchema = {
  id: f('Iptc4xmpExt:rId'),
  name: f('Iptc4xmpExt:Name', 'langAlt'),
  boundary: f('Iptc4xmpExt:RegionBoundary', 'struct', REGION_BOUNDARY),
  contentTypes: f('Iptc4xmpExt:rCtype', 'structs', REGION_ENTITY),
  roles: f('Iptc4xmpExt:rRole', 'structs', REGION_ENTITY),
  personShown: f('Iptc4xmpExt:PersonInImage', 'bag'),
  organisationShown: f('Iptc4xmpExt:OrganisationInImageName', 'bag'),
};

/** Iptc4xmpExt:RegistryEntryDetails. */
export const REGISTRY_ENTRY: StructSchema = {
  itemId: f('Iptc4xmpExt:RegItemId'),
  organisationId: f('Iptc4xmpExt:RegOrgId'),
  role: f('Iptc4xmpExt:RegEntryRole'),
};

/** Iptc4xmpExt:ProductWGtin. */
export const PRODUCT: StructSchema = {
  name: f('Iptc4xmpExt:ProductName', 'langAlt'),
  gtin: f('Iptc4xmpExt:ProductGTIN'),
  description: f('Iptc4xmpExt:ProductDescription', 'langAlt'),
};

/** Iptc4xmpExt:EEREDetails (a rights expression embedded as text). */
export const EMBEDDED_RIGHTS: StructSchema = {
  expression: f('Iptc4xmpExt:EncRightsExpr'),
  encodingType: f('Iptc4xmpExt:RightsExprEncType'),
  languageId: f('Iptc4xmpExt:RightsExprLangId'),
};

/** Iptc4xmpExt:LEREDetails (a rights expression linked by URL). */
export const LINKED_RIGHTS: StructSchema = {
  link: f('Iptc4xmpExt:LinkedRightsExpr'),
  encodingType: f('Iptc4xmpExt:RightsExprEncType'),
  languageId: f('Iptc4xmpExt:RightsExprLangId'),
};

/** The namespace of each XMP prefix the table uses. */
export const PREFIXES = {
  dc: 'http://purl.org/dc/elements/1.1/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  xmpRights: 'http://ns.adobe.com/xap/1.0/rights/',
  Iptc4xmpCore: 'http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/',
  Iptc4xmpExt: 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/',
  plus: 'http://ns.useplus.org/ldf/xmp/1.0/',
} as const;

const names = new Map<string, { prefix: keyof typeof PREFIXES; local: string; key: string }>();

/** `prefix:Local` as the parser's key (`uri + Local`), and its parts (worked out once per name). */
export function xmpName(qualified: string): { prefix: keyof typeof PREFIXES; local: string; key: string } {
  const known = names.get(qualified);
  if (known) return known;
  const i = qualified.indexOf(':');
  const prefix = qualified.slice(0, i) as keyof typeof PREFIXES;
  const local = qualified.slice(i + 1);
  const uri = PREFIXES[prefix];
  if (!uri) throw new Error(`unknown XMP prefix in ${qualified}`);
  const name = { prefix, local, key: uri + local };
  names.set(qualified, name);
  return name;
}
