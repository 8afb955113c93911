/**
 * photodesk: ingest, metadata, rules, renditions and storage for newsroom photo desks.
 * @packageDocumentation
 */
export { PhotodeskError, isPhotodeskError, errorToJson, ERROR_CODES } from './errors.js';
export type { ErrorCode } from './errors.js';
export * from './ingest/index.js';
export * from './metadata/index.js';
export * from './config/index.js';
export * from './rules/index.js';
export * from './storage/index.js';
export * from './renditions/index.js';
export * from './pipeline/index.js';
