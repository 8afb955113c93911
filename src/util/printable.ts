/**
 * Text from photos and file names made safe for a terminal: control characters (escape sequences that clear
 * the screen or set the title), bidi overrides and zero-width characters are shown as \u{...} instead of
 * acting. JSON output stays exact; only human output goes through this.
 */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
