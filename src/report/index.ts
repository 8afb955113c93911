export { junitXml } from './junit.js';
export { htmlCard, htmlHead, htmlLinkCard, htmlTail } from './html.js';
export { textReport, textSummary } from './text.js';
export type { ValidationResult } from './types.js';
