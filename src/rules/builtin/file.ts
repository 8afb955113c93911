import type { Rule, RuleOutcome } from '../types.js';
import { tidyText } from '../text.js';
import { TIDY_LISTS, TIDY_TEXT } from '../../metadata/fields.js';

export const minSize: Rule = {
  id: 'min-size',
  severity: 'error',
  description: 'The shorter side (as displayed) is at least rules.minSize.shortSide pixels (600).',
  check({ metadata, policy }) {
    const short = Math.min(metadata.displayWidth, metadata.displayHeight);
    const min = policy.rules.minSize.shortSide;
    return short < min ? { field: null, message: `Too small to publish: ${metadata.displayWidth} x ${metadata.displayHeight} px, the shorter side must be at least ${min} px`, value: short } : null;
  },
};

export const extensionMismatch: Rule = {
  id: 'extension-mismatch',
  severity: 'warning',
  description: "The file name's extension agrees with its content.",
  check({ metadata }) {
    const w = metadata.warnings.find((x) => x.code === 'EXTENSION_MISMATCH');
    return w ? { field: 'file', message: w.message, value: metadata.file } : null;
  },
};

export const metadataConflict: Rule = {
  id: 'metadata-conflict',
  severity: 'warning',
  description: 'EXIF, IPTC-IIM and XMP agree (a disagreement is shown with the value used).',
  check({ metadata }) {
    return metadata.warnings
      .filter((w) => w.code === 'METADATA_CONFLICT')
      .map((w) => ({ field: w.message.split(':')[0] ?? null, message: w.message, value: null }));
  },
};

export const fileIntegrity: Rule = {
  id: 'file-integrity',
  severity: 'error',
  description: 'The file is whole (not truncated) and carries nothing but the picture (no appended archive or script).',
  check({ metadata }) {
    const out: RuleOutcome[] = [];
    for (const w of metadata.warnings) {
      if (w.code === 'JPEG_TRUNCATED') out.push({ field: null, message: `${w.message}: ask for the file again`, value: null });
      if (w.code === 'TRAILING_DATA') out.push({ severity: 'warning', field: null, message: w.message, value: null });
    }
    return out;
  },
};


export const textNormalize: Rule = {
  id: 'text-normalize',
  severity: 'info',
  description: 'Text is NFC with tidy whitespace (no doubled, leading or trailing spaces); fixed when not.',
  check({ metadata, fixed }) {
    const out: RuleOutcome[] = [];
    for (const f of TIDY_TEXT) {
      const v = metadata[f];
      // Only where tidying is the whole fix: a credit or caption that another cleaner changes is reported there.
      if (v !== null && tidyText(v) !== v && fixed[f] === tidyText(v)) {
        out.push({ field: f, message: `${f}: stray whitespace or non-NFC characters are tidied`, value: v, fix: { field: f, before: v, after: fixed[f] } });
      }
    }
    for (const f of TIDY_LISTS) {
      const v = metadata[f];
      const after = fixed[f];
      // Keywords and other lists: an item with stray whitespace is tidied (an empty one dropped).
      if (f !== 'creator' && v.some((item) => tidyText(item) !== item) && after.every((item) => tidyText(item) === item)) {
        out.push({ field: f, message: `${f}: stray whitespace or non-NFC characters in items are tidied`, value: v.join('; '), fix: { field: f, before: v.join('; '), after: after.join('; ') } });
      }
    }
    return out;
  },
};
