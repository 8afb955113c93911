export { createDesk } from './desk.js';
export type { Desk, DeskConfig, IngestCallOptions, PublishedPhoto } from './desk.js';
export { ingestMany } from './many.js';
export type { IngestEvent, IngestManyOptions } from './many.js';
export { openJournal, journalName } from './journal.js';
export type { Journal, JournalEntry } from './journal.js';
