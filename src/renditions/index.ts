export { planRenditions } from './plan.js';
export { renderRenditions } from './render.js';
export { pictureMarkup, imgMarkup } from './markup.js';
export type { MarkupOptions } from './markup.js';
export { makePlaceholder } from './placeholder.js';
export { outputMetadata } from './embed.js';
export { DEFAULT_WIDTHS, DEFAULT_FORMATS, DEFAULT_ENCODERS } from './defaults.js';
export type { RenditionFormat, EncoderSettings, CropSpec, CropPosition, RenditionOptions, PlannedRendition, RenditionPlan, Rendition, Placeholder } from './types.js';
