import type { Rule } from '../types.js';
import { aiComposite, aiGenerated } from './ai.js';
import { captionAllCaps, captionBoilerplate, captionLength, captionPlaceholder } from './caption.js';
import { creditFormat, creditUnknownAgency } from './credit.js';
import { creatorRoleWord } from './creator.js';
import { extensionMismatch, fileIntegrity, metadataConflict, minSize, textNormalize } from './file.js';
import { requiredFields } from './required.js';
import { embargo, usageRestrictions } from './restrictions.js';
import { textSpoofing } from './spoofing.js';
import { altTextLength } from './alt-text.js';
import { listLength } from './lists.js';
import { nearDuplicate } from './duplicate.js';

/** Every built-in rule, in the order findings are reported. */
export const BUILTIN_RULES: readonly Rule[] = [
  requiredFields,
  creditUnknownAgency,
  textSpoofing,
  creditFormat,
  captionPlaceholder,
  captionBoilerplate,
  captionLength,
  captionAllCaps,
  altTextLength,
  listLength,
  creatorRoleWord,
  embargo,
  usageRestrictions,
  aiGenerated,
  aiComposite,
  minSize,
  extensionMismatch,
  fileIntegrity,
  nearDuplicate,
  metadataConflict,
  textNormalize,
];
