import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PhotodeskError } from '../../errors.js';
import type { Desk } from '../../pipeline/desk.js';
import type { EditionPatch } from '../../pipeline/patch.js';
import { readManifest } from '../../storage/publish.js';
import { printable } from '../../util/printable.js';
import type { CorrectOptions, WithdrawOptions } from '../commands/edition.js';
import { deskFromOptions } from '../desk-options.js';

/** `photodesk correct`: resolves to the exit code (1 when the corrected photo is rejected). */
export async function runCorrect(photo: string, opts: CorrectOptions): Promise<number> {
  const { desk } = await deskFromOptions(opts);
  const patch: EditionPatch = {
    ...(opts.credit !== undefined ? { credit: opts.credit } : {}),
    ...(opts.caption !== undefined ? { caption: opts.caption } : {}),
    ...(opts.headline !== undefined ? { headline: opts.headline } : {}),
    ...(opts.creator ? { creator: opts.creator } : {}),
    ...(opts.copyright !== undefined ? { copyright: opts.copyright } : {}),
    ...(opts.alt !== undefined ? { altText: opts.alt } : {}),
    ...(opts.focal ? { focal: opts.focal } : {}),
    ...(opts.crop ? { crops: opts.crop } : {}),
  };
  const r = await desk.correct(await photoIdOf(desk, photo), patch, { ...(opts.override ? { override: true } : {}), ...(opts.by ? { by: opts.by } : {}) });
  if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
  else if (r.status === 'rejected') process.stdout.write(`rejected ${r.photoId.slice(0, 12)}: ${printable(r.reason ?? '')}\n`);
  else {
    const what = r.status === 'already-published' ? 'unchanged' : `edition ${r.previousEdition ?? '-'} -> ${r.editionId} (rendered ${r.rendered}, reused ${r.reused})`;
    process.stdout.write(`corrected ${r.photoId.slice(0, 12)}: ${what}\n  credit line: ${printable(r.creditLine ?? '')}\n  alt: ${printable(r.altText)}\n  manifest: ${r.manifestUrl}\n`);
  }
  return r.status === 'rejected' ? 1 : 0;
}

/** `photodesk withdraw`: resolves to the exit code. */
export async function runWithdraw(photo: string, opts: WithdrawOptions): Promise<number> {
  const { desk } = await deskFromOptions(opts);
  const r = await desk.withdraw(await photoIdOf(desk, photo), { reason: opts.reason, ...(opts.by ? { by: opts.by } : {}) });
  if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
  else process.stdout.write(`withdrawn ${r.photoId.slice(0, 12)}: ${r.deleted} public objects deleted; tombstone at ${r.pointerUrl}\n`);
  return 0;
}

/** A photo id from an id, an id prefix, or the URL (for a local store, the path) of one of its edition manifests. */
async function photoIdOf(desk: Desk, arg: string): Promise<string> {
  const id = arg.trim();
  if (/^[0-9a-f]{1,64}$/i.test(id)) return id; // an id or a prefix: the desk resolves it, or says why not
  const base = desk.storage.url('k').slice(0, -1);
  // ingest prints a manifest's file: URL; an editor may as well give the file's path.
  const url = existsSync(arg) ? pathToFileURL(path.resolve(arg)).href : arg;
  if (url.startsWith(base)) {
    const key = decodeURIComponent(url.slice(base.length));
    const m = await readManifest(desk.storage, key);
    if (m) return m.photoId;
  }
  throw new PhotodeskError('PHOTO_NOT_FOUND', `"${printable(arg.slice(0, 200))}" is neither a photo id nor the URL of a manifest in ${desk.storage.name}`);
}
