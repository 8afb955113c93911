export { validate, verdictOf } from './validate.js';
export { creditLine } from './credit-line.js';
export { altText } from './alt-text.js';
export { cleanMetadata, cleanCaption, CAPTION_BOILERPLATE } from './clean.js';
export { matchCredit, renderCreditLine } from './agencies.js';
export type { CreditMatch } from './agencies.js';
export { BUILTIN_RULES } from './builtin/index.js';
export { parseEmbargo } from './builtin/embargo.js';
export type { Finding, Fix, Report, Rule, RuleContext, RuleOutcome, Severity, Verdict } from './types.js';
