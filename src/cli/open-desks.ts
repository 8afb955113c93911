import type { Desk } from '../pipeline/desk.js';

/** Desks the commands opened, closed by `main` at the end (a catalogue's database connections). */
const opened: Desk[] = [];

/** Remembers a desk for `closeDesks`. */
export function trackDesk(desk: Desk): void {
  opened.push(desk);
}

/** Closes every desk the commands opened. */
export async function closeDesks(): Promise<void> {
  await Promise.all(opened.splice(0).map((d) => d.close().catch(() => undefined)));
}
