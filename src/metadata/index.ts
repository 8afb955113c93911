export { readMetadata, DEFAULT_LEGACY_CHARSET } from './read.js';
export { FIELDS, TEXT_FIELDS, PUBLIC_FIELDS, PRIVATE_FIELDS, publicRecord, fieldRow } from './fields.js';
export type { FieldRow, FieldKey, TextField, PublicField, PublicRecord } from './fields.js';
export type { XmpKind, StructSchema, StructField } from './structs.js';
export type {
  PhotoMetadata,
  ReadMetadataOptions,
  Provenance,
  GpsPosition,
  CameraInfo,
  Location,
  ContactInfo,
  Party,
  Licensor,
  CvTerm,
  PersonDetails,
  Artwork,
  Product,
  RegistryEntry,
  EmbeddedRights,
  LinkedRights,
  RegionEntity,
  RegionBoundary,
  ImageRegion,
} from './types.js';
