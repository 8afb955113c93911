/**
 * photodesk: ingest, metadata, rules, renditions and storage for newsroom photo desks.
 *
 * This entry holds what a publishing backend, a bulk script and a desk check use. Each stage's helpers
 * (key sanitizing, metadata encoding, sniffing, report pieces...) are in its own entry:
 * `photodesk/ingest`, `photodesk/metadata`, `photodesk/config`, `photodesk/rules`, `photodesk/report`,
 * `photodesk/renditions`, `photodesk/storage`, `photodesk/pipeline`.
 * @packageDocumentation
 */
export { PhotodeskError, isPhotodeskError, errorToJson, ERROR_CODES } from './errors.js';
export type { ErrorCode } from './errors.js';

// The desk: one photo, many photos, corrections and kills.
export { createDesk, parsePatch, editionPatchSchema } from './pipeline/index.js';
export type { Desk, DeskConfig, IngestCallOptions, CorrectOptions, WithdrawResult, PhotoHistory, PublishedPhoto, RenditionRecord, EditionPatch, IngestEvent, IngestManyOptions } from './pipeline/index.js';
export { journalName, deskFromConfig, openCatalogue, rebuildCatalogue, createMemoryBudget, sharedMemoryBudget } from './pipeline/index.js';
export { limitMallocArenas } from './util/malloc-arenas.js';
export type { DeskFromConfigOptions, MemoryBudget, Catalogue, CatalogueEntry, SearchQuery, SearchPage, NearMatch, RebuildResult } from './pipeline/index.js';

// Configuration.
export { loadConfig, resolvePolicy } from './config/index.js';
export { defineConfig } from './rules/index.js';
export type { PhotodeskConfig, Policy, Agency } from './config/index.js';

// Each stage on its own.
export { openPhoto, walkFiles } from './ingest/index.js';
export type { Photo, PhotoFormat, PhotoSource, IngestOptions, IngestLimits, Warning, WalkOptions, WalkSkip } from './ingest/index.js';
export { readMetadata } from './metadata/index.js';
export type { PhotoMetadata, ReadMetadataOptions, PublicField, PublicRecord } from './metadata/index.js';
export { validate, creditLine, altText } from './rules/index.js';
export type { Finding, Fix, Report, Rule, RuleContext, Severity, SimilarPhoto, Verdict } from './rules/index.js';
export { junitXml } from './report/index.js';
export type { ValidationResult } from './report/index.js';
export { validateFile } from './pipeline/index.js';
export { planRenditions, renderRenditions, pictureMarkup, imgMarkup, makePlaceholder, byteStepWidths, perceptualHash, hammingDistance, setEncodeSlots } from './renditions/index.js';
export type { RenditionOptions, RenditionPlan, Rendition, RenditionFormat, CropSpec, Placeholder, MarkupOptions } from './renditions/index.js';
export { createLocalStorage, createS3Storage, storageFromUrl, parseStorageUrl, publish, readManifest, readPointer, probeStorage } from './storage/index.js';
export type { Storage, StorageUrlOptions, LocalStorageOptions, S3StorageOptions, Manifest, Pointer, PublishResult } from './storage/index.js';
