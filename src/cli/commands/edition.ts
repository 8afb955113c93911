import { Command, InvalidArgumentError } from 'commander';
import { addDeskOptions, type DeskOptions } from '../options.js';

/** The options of `photodesk correct`. */
export interface CorrectOptions extends DeskOptions {
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
      const { runCorrect } = await import('../run/edition.js');
      c.setOptionValue('exitCode', await runCorrect(photo, opts));
    });
}

/** The options of `photodesk withdraw`. */
export interface WithdrawOptions extends DeskOptions {
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
      const { runWithdraw } = await import('../run/edition.js');
      c.setOptionValue('exitCode', await runWithdraw(photo, opts));
    });
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
