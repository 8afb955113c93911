import type { PhotoFormat, Warning } from '../ingest/types.js';

/** Where a value came from. */
export type Provenance = 'xmp' | 'iim' | 'exif';

export { TEXT_FIELDS, type TextField } from './fields.js';
import type { TextField } from './fields.js';

/** GPS position in decimal degrees (negative south and west) and metres. */
export interface GpsPosition {
  lat: number;
  lon: number;
  alt: number | null;
}

/** The camera that made the photo. */
export interface CameraInfo {
  make: string | null;
  model: string | null;
  serialNumber: string | null;
  lens: string | null;
}

/**
 * One photo's metadata, normalized from EXIF, IPTC-IIM and XMP. Its JSON form is a contract: every key is
 * always present, absent values are `null`, lists are always arrays.
 */
export interface PhotoMetadata {
  file: string | null;
  format: PhotoFormat;
  mime: string;
  /** File size in bytes. */
  bytes: number;
  /** Hex SHA-256 of the file; null when read with `hash: false` (validation only). */
  sha256: string | null;
  /** As stored, before orientation. */
  width: number;
  height: number;
  /** EXIF orientation 1-8, null when the file has none (displayed as 1). */
  orientation: number | null;
  /** As displayed, after orientation. */
  displayWidth: number;
  displayHeight: number;
  /** The pixels' colour model: `rgb`, `cmyk`, `gray`, `lab`... */
  colorSpace: string | null;
  /** The embedded ICC profile's description, e.g. "Display P3". */
  iccProfile: string | null;
  hasAlpha: boolean;
  animated: boolean;
  // The descriptive fields: one row each in fields.ts (FIELDS), which says where each is read from, whether it
  // is public, and what the cleaners do with it. Language alternatives give their x-default value.
  credit: string | null;
  creator: string[];
  creatorTitle: string | null;
  caption: string | null;
  headline: string | null;
  title: string | null;
  /** IPTC Alt Text (Accessibility): preferred over the caption as the source of the alt text. */
  altText: string | null;
  /** IPTC Extended Description (Accessibility). */
  extendedDescription: string | null;
  copyright: string | null;
  source: string | null;
  /** Private: instructions to the desk. */
  instructions: string | null;
  keywords: string[];
  /** ISO 8601, with the UTC offset when the file gives it. */
  dateCreated: string | null;
  /** The legacy (IPTC Core) location fields: IIM 2:92, 2:90, 2:95, 2:101, 2:100 and their XMP copies. */
  sublocation: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  countryCode: string | null;
  intellectualGenre: string | null;
  scene: string[];
  subjectCode: string[];
  /** Private: who wrote the caption. */
  captionWriter: string | null;
  /** Private: the job id (IPTC Job Identifier, IIM Original Transmission Reference). */
  jobId: string | null;
  /** Private: the creator's address, phone, e-mail. */
  creatorContact: ContactInfo | null;
  webStatement: string | null;
  usageTerms: string | null;
  copyrightOwner: Party[];
  licensor: Licensor[];
  imageCreator: Party[];
  imageCreatorImageId: string | null;
  imageSupplier: Party[];
  imageSupplierImageId: string | null;
  /** PLUS data-mining code, e.g. `DMI-PROHIBITED-AIMLTRAINING`. */
  dataMining: string | null;
  otherConstraints: string | null;
  embeddedRights: EmbeddedRights[];
  linkedRights: LinkedRights[];
  /** Private: PLUS release status codes (`MR-NON`, `MR-LMR`...) and release ids. */
  modelReleaseStatus: string | null;
  modelReleaseId: string[];
  propertyReleaseStatus: string | null;
  propertyReleaseId: string[];
  minorModelAgeDisclosure: string | null;
  /** The last segment of the IPTC digital source type code, e.g. `trainedAlgorithmicMedia`. */
  digitalSourceType: string | null;
  event: string | null;
  personShown: string[];
  personShownDetails: PersonDetails[];
  organisationShown: string[];
  organisationShownCode: string[];
  locationCreated: Location[];
  locationShown: Location[];
  artwork: Artwork[];
  productShown: Product[];
  imageRegions: ImageRegion[];
  aboutCvTerm: CvTerm[];
  genre: CvTerm[];
  controlledVocabularyTerm: string[];
  digitalImageGuid: string | null;
  registryId: RegistryEntry[];
  /** Private: the size of the largest version the supplier has. */
  maxAvailWidth: number | null;
  maxAvailHeight: number | null;
  /** Private: the ages of models shown. */
  modelAge: string[];
  additionalModelInfo: string | null;
  iptcLastEdited: string | null;
  gps: GpsPosition | null;
  camera: CameraInfo;
  /** True when a C2PA manifest store (JUMBF) is embedded. */
  c2pa: boolean;
  /** For each text field, the block its value was taken from (null when absent). */
  provenance: Record<TextField, Provenance | null>;
  warnings: Warning[];
}

/** Options for {@link readMetadata}. */
export interface ReadMetadataOptions {
  /**
   * Charset for IIM text with no 1:90 declaration that is not valid UTF-8, as a WHATWG encoding label.
   * Default `windows-1252`; a Russian-language archive sets `windows-1251`.
   */
  legacyCharset?: string;
}

/** IPTC Location (Location Created, Location Shown). Every key present; absent values null, lists arrays. */
export interface Location {
  sublocation: string | null;
  city: string | null;
  provinceState: string | null;
  countryName: string | null;
  countryCode: string | null;
  worldRegion: string | null;
  locationId: string[];
  locationName: string | null;
}

/** The creator's contact details (IPTC Creator's Contact Info). */
export interface ContactInfo {
  address: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
  phone: string | null;
  email: string | null;
  url: string | null;
}

/** A PLUS party: Copyright Owner, Image Creator, Image Supplier. */
export interface Party {
  id: string | null;
  name: string | null;
}

/** PLUS Licensor: who licenses the photo and where (its URL is what search engines link to). */
export interface Licensor {
  id: string | null;
  name: string | null;
  url: string | null;
  email: string | null;
  telephone1: string | null;
  telephoneType1: string | null;
  telephone2: string | null;
  telephoneType2: string | null;
  streetAddress: string | null;
  extendedAddress: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
}

/** A term of a controlled vocabulary (About, Genre, a person's characteristic). */
export interface CvTerm {
  cvId: string | null;
  termId: string | null;
  termName: string | null;
  refinedAbout: string | null;
}

/** A person shown, with details. */
export interface PersonDetails {
  name: string | null;
  id: string[];
  description: string | null;
  characteristic: CvTerm[];
}

/** An artwork or object in the picture. */
export interface Artwork {
  title: string | null;
  creator: string[];
  creatorId: string[];
  dateCreated: string | null;
  circaDateCreated: string | null;
  contentDescription: string | null;
  contributionDescription: string | null;
  copyrightNotice: string | null;
  copyrightOwnerName: string | null;
  copyrightOwnerId: string | null;
  licensorName: string | null;
  licensorId: string | null;
  physicalDescription: string | null;
  source: string | null;
  sourceInventoryNo: string | null;
  sourceInventoryUrl: string | null;
  stylePeriod: string[];
}

/** A product shown. */
export interface Product {
  name: string | null;
  gtin: string | null;
  description: string | null;
}

/** A registry entry (an id of the photo in some registry). */
export interface RegistryEntry {
  itemId: string | null;
  organisationId: string | null;
  role: string | null;
}

/** A rights expression embedded as text. */
export interface EmbeddedRights {
  expression: string | null;
  encodingType: string | null;
  languageId: string | null;
}

/** A rights expression linked by URL. */
export interface LinkedRights {
  link: string | null;
  encodingType: string | null;
  languageId: string | null;
}

/** An identifier and name pair (a region's role or content type). */
export interface RegionEntity {
  identifier: string[];
  name: string | null;
}

/** The outline of an image region. Numbers are kept as written (text), in `unit` (`pixel` or `relative`). */
export interface RegionBoundary {
  shape: string | null;
  unit: string | null;
  x: string | null;
  y: string | null;
  w: string | null;
  h: string | null;
  rx: string | null;
  vertices: { x: string | null; y: string | null }[];
}

/** An IPTC image region. */
export interface ImageRegion {
  id: string | null;
  name: string | null;
  boundary: RegionBoundary | null;
  contentTypes: RegionEntity[];
  roles: RegionEntity[];
  personShown: string[];
  organisationShown: string[];
}
