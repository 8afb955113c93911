/** A plain text table for terminals: columns padded to their content, the last one cut to fit `width`. */
export function renderTable(header: string[], rows: string[][], width: number): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => displayWidth(r[c] ?? ''))));
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0);
  widths[widths.length - 1] = Math.max(10, Math.min(widths[widths.length - 1]!, width - fixed));
  return all
    .map((r) =>
      r
        .map((cell, c) => {
          const w = widths[c]!;
          const t = cut(cell.replace(/\s+/g, ' '), w);
          return c === r.length - 1 ? t : t + ' '.repeat(Math.max(0, w - displayWidth(t)));
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Cuts a string to `max` characters, marking the cut with an ellipsis. */
export function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

function displayWidth(s: string): number {
  return [...s].length;
}
