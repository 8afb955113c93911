export { readMetadata, DEFAULT_LEGACY_CHARSET } from './read.js';
export { TEXT_FIELDS } from './types.js';
export type { PhotoMetadata, ReadMetadataOptions, Provenance, TextField, GpsPosition, CameraInfo } from './types.js';
