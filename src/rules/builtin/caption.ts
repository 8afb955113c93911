import { tidyText } from '../text.js';
import type { Rule } from '../types.js';

/** Texts that stand in for a caption: newsroom placeholders and cameras' default descriptions. */
export const PLACEHOLDERS = ['caption tk', 'caption to come', 'caption here', 'add caption', 'insert caption', 'no caption', 'lorem ipsum', 'tk tk', 'untitled', 'olympus digital camera', 'sony dsc', 'digital camera', 'подпись', 'без подписи'];
const WHOLE_PLACEHOLDERS = new Set(['tk', 'tbd', 'xxx', 'n/a', 'none', 'caption', 'image', 'photo', 'picture', 'img', 'dsc']);

export const captionPlaceholder: Rule = {
  id: 'caption-placeholder',
  severity: 'error',
  description: 'The caption is not placeholder text ("CAPTION TK", "lorem ipsum", a camera default).',
  check({ metadata, policy }) {
    if (!metadata.caption) return null;
    const c = tidyText(metadata.caption).toLowerCase();
    const hit = [...PLACEHOLDERS, ...policy.rules.caption.placeholders.map((p) => p.toLowerCase())].find((p) => c.includes(p)) ?? (WHOLE_PLACEHOLDERS.has(c.replace(/[.!]+$/, '')) ? c : null);
    return hit ? { field: 'caption', message: `The caption is placeholder text ("${hit}"): write the real caption`, value: metadata.caption } : null;
  },
};

export const captionBoilerplate: Rule = {
  id: 'caption-boilerplate',
  severity: 'warning',
  description: 'No agency boilerplate left in the caption ("Mandatory Credit: Photo by...", "(Photo by X/Getty Images)").',
  check({ metadata, fixed }) {
    if (!metadata.caption || fixed.caption === tidyText(metadata.caption)) return null;
    return { field: 'caption', message: 'The caption still carries agency boilerplate; it is removed (the credit goes in the credit line)', value: metadata.caption, fix: { field: 'caption', before: metadata.caption, after: fixed.caption } };
  },
};

export const captionLength: Rule = {
  id: 'caption-length',
  severity: 'warning',
  description: 'The caption, trimmed, is between rules.caption.minLength (20) and maxLength (2000) characters.',
  check({ metadata, policy }) {
    if (!metadata.caption) return null;
    const n = [...tidyText(metadata.caption)].length;
    const { minLength, maxLength } = policy.rules.caption;
    if (n < minLength) return { field: 'caption', message: `The caption is ${n} characters; the desk asks for at least ${minLength}`, value: metadata.caption };
    if (n > maxLength) return { field: 'caption', message: `The caption is ${n} characters; the desk allows at most ${maxLength}`, value: metadata.caption };
    return null;
  },
};

export const captionAllCaps: Rule = {
  id: 'caption-all-caps',
  severity: 'warning',
  description: 'The caption is not written in capitals throughout.',
  check({ metadata }) {
    if (!metadata.caption) return null;
    const upper = (metadata.caption.match(/\p{Lu}/gu) ?? []).length;
    const lower = (metadata.caption.match(/\p{Ll}/gu) ?? []).length;
    if (upper >= 10 && upper / (upper + lower) > 0.9) return { field: 'caption', message: 'The caption is in capitals: rewrite it in sentence case', value: metadata.caption };
    return null;
  },
};
