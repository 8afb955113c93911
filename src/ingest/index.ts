export { openPhoto } from './open.js';
export { walkFiles } from './walk.js';
export type { WalkOptions, WalkSkip } from './walk.js';
export { sniffFormat, extensionAgrees, MIME_BY_FORMAT, EXTENSIONS_BY_FORMAT } from './sniff.js';
export type { Sniffed } from './sniff.js';
export { DEFAULT_LIMITS, resolveLimits } from './limits.js';
export type { Photo, PhotoFormat, PhotoSource, IngestOptions, IngestLimits, Warning } from './types.js';
