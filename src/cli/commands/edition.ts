import { Command, InvalidArgumentError } from 'commander';
import { PhotodeskError } from '../../errors.js';
import type { Desk } from '../../pipeline/desk.js';
import type { EditionPatch } from '../../pipeline/patch.js';
import { readManifest } from '../../storage/publish.js';
import { addDeskOptions, deskFromOptions, type DeskOptions } from '../desk-options.js';
import { printable } from '../../util/printable.js';

interface CorrectOptions extends DeskOptions {
  credit?: string;
  caption?: string;
  headline?: string;
  creator?: string[];
  copyright?: string;
  alt?: string;
  focal?: { x: number; y: number };
  crop?: { name: string; aspect: [number, number] }[];
  override?: boolean;
  by?: string;
  json?: boolean;
}

/** `photodesk correct <photo> --credit … --caption … --alt … --focal x,y --crop name=W:H` */
export function correctCommand(): Command {
  const cmd = new Command('correct')
    .description('publish a corrected edition of a published photo (the old edition stays; the pointer moves)')
    .argument('<photo>', 'photo id (sha256 of the original, or 8+ of its first hex digits), or its manifest URL');
  return addDeskOptions(cmd)
    .option('--credit <text>', 'credit (the agency or source as it arrives; the policy prints the credit line)')
    .option('--caption <text>', 'caption')
    .option('--headline <text>', 'headline')
    .option('--creator <name>', 'creator (repeat for several)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--copyright <text>', 'copyright notice')
    .option('--alt <text>', 'alt text as published, instead of the policy template')
    .option('--focal <x,y>', 'focal point for crops, x and y in 0..1', focal)
    .option('--crop <name=W:H>', 'a crop to make (repeat for several; replaces the desk default)', crop, undefined)
    .option('--override', 'publish even if the corrected photo fails the policy')
    .option('--by <name>', "who corrects (kept in the photo's private history)", process.env.USER)
    .option('--json', 'print the new record as JSON')
    .action(async (photo: string, opts: CorrectOptions, c: Command) => {
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
      c.setOptionValue('exitCode', r.status === 'rejected' ? 1 : 0);
    });
}

interface WithdrawOptions extends DeskOptions {
  reason: string;
  by?: string;
  json?: boolean;
}

/** `photodesk withdraw <photo> --reason "…"` */
export function withdrawCommand(): Command {
  const cmd = new Command('withdraw')
    .description('withdraw (kill) a published photo: every public object of every edition is deleted, a tombstone stays')
    .argument('<photo>', 'photo id (sha256 of the original, or 8+ of its first hex digits), or its manifest URL');
  return addDeskOptions(cmd)
    .requiredOption('--reason <text>', 'why (an agency kill notice, a legal request); public, in the tombstone')
    .option('--by <name>', "who withdraws (kept in the photo's private history)", process.env.USER)
    .option('--json', 'print the result as JSON')
    .action(async (photo: string, opts: WithdrawOptions, c: Command) => {
      const { desk } = await deskFromOptions(opts);
      const r = await desk.withdraw(await photoIdOf(desk, photo), { reason: opts.reason, ...(opts.by ? { by: opts.by } : {}) });
      if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
      else process.stdout.write(`withdrawn ${r.photoId.slice(0, 12)}: ${r.deleted} public objects deleted; tombstone at ${r.pointerUrl}\n`);
      c.setOptionValue('exitCode', 0);
    });
}

/** A photo id from an id, an id prefix, or the URL of one of its edition manifests. */
async function photoIdOf(desk: Desk, arg: string): Promise<string> {
  if (/^[0-9a-f]{8,64}$/i.test(arg.trim())) return arg.trim();
  const base = desk.storage.url('k').slice(0, -1);
  if (arg.startsWith(base)) {
    const key = decodeURIComponent(arg.slice(base.length));
    const m = await readManifest(desk.storage, key);
    if (m) return m.photoId;
  }
  throw new PhotodeskError('PHOTO_NOT_FOUND', `"${printable(arg.slice(0, 200))}" is neither a photo id nor the URL of a manifest in ${desk.storage.name}`);
}

function focal(v: string): { x: number; y: number } {
  const m = /^\s*([0-9.]+)\s*,\s*([0-9.]+)\s*$/.exec(v);
  const [x, y] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) throw new InvalidArgumentError('expected x,y with both in 0..1, e.g. 0.5,0.3');
  return { x, y };
}

function crop(v: string, prev: { name: string; aspect: [number, number] }[] = []): { name: string; aspect: [number, number] }[] {
  const m = /^([a-z0-9][a-z0-9-]{0,31})=(\d{1,3})[:x](\d{1,3})$/i.exec(v.trim());
  if (!m || Number(m[2]) === 0 || Number(m[3]) === 0) throw new InvalidArgumentError('expected name=W:H, e.g. wide=16:9');
  return [...prev, { name: m[1]!, aspect: [Number(m[2]), Number(m[3])] }];
}
