import type { Policy } from '../config/schema.js';
import type { PhotoMetadata } from '../metadata/types.js';
import { creditLine } from './credit-line.js';
import { tidyText } from './text.js';

/**
 * Alt text from the policy's template (`rules.altText.template`). Tokens: `{caption}` (the photo's IPTC Alt
 * Text when it has one, else its caption), `{headline}`, `{title}`,
 * `{site}`, `{width}`, `{credit}` (the printed credit line), `{creator}`, `{city}`, `{country}`, and
 * `{date:FORMAT}` with DD, MM, YYYY, YY, HH, mm (e.g. `{date:DD.MM.YYYY}`). A token with no value is dropped
 * together with the separator before it, so "{caption} - {site}" never ends in " - ".
 */
export function altText(metadata: PhotoMetadata, policy: Policy, options: { width?: number; template?: string } = {}): string {
  const template = options.template ?? policy.rules.altText.template;
  const values: Record<string, string | null> = {
    // IPTC Alt Text (Accessibility) was written for this purpose: it is preferred over the caption.
    caption: metadata.altText ?? metadata.caption,
    headline: metadata.headline,
    title: metadata.title,
    site: policy.site || null,
    width: options.width !== undefined ? String(options.width) : null,
    credit: creditLine(metadata, policy),
    creator: metadata.creator.join(', ') || null,
    city: metadata.city,
    country: metadata.country,
  };
  // Split into literal text and tokens, then drop each empty token with the separator that precedes it.
  const parts = template.split(/(\{[a-z]+(?::[^}]*)?\})/i);
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const token = /^\{([a-z]+)(?::([^}]*))?\}$/i.exec(part);
    if (!token) {
      out += part;
      continue;
    }
    const value = token[1] === 'date' ? formatDate(metadata.dateCreated, token[2] ?? 'YYYY-MM-DD') : (values[token[1]!] ?? null);
    if (value === null || value === '') out = out.replace(/[\s,;:–—-]*$/, '');
    else out += tidyText(value);
  }
  return capText(tidyText(out.replace(/^[\s,;:–—-]+/, '')), policy.rules.altText.maxLength);
}

/**
 * Cuts text to `max` characters where a reader expects a cut: after the last whole sentence that fits, else
 * the last whole word with an ellipsis. Never inside a character (code points are counted).
 */
export function capText(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max).join('');
  const sentence = /^[\s\S]*[.!?…](?=\s)/u.exec(head + ' ')?.[0];
  if (sentence && [...sentence].length >= max * 0.5) return sentence.trim();
  const word = head.slice(0, Math.max(head.lastIndexOf(' '), 0)) || chars.slice(0, max - 1).join('');
  return `${word.replace(/[\s,;:–—-]+$/u, '')}…`;
}

/** Formats an ISO 8601 date as written, without converting its time zone. */
function formatDate(iso: string | null, format: string): string | null {
  if (!iso) return null;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return null;
  const map: Record<string, string | undefined> = { YYYY: m[1], YY: m[1]!.slice(2), MM: m[2], DD: m[3], HH: m[4], mm: m[5] };
  let missing = false;
  const out = format.replace(/YYYY|YY|MM|DD|HH|mm/g, (k) => {
    const v = map[k];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? null : out;
}
