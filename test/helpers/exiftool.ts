import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** ExifTool is the independent reference: fixtures are written with it and outputs read back with it. */
export function exiftoolAvailable(): boolean {
  try {
    execFileSync('exiftool', ['-ver'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const MISSING = 'ExifTool is required by this suite: apt-get install -y libimage-exiftool-perl (.ci/run does this)';

/** An ExifTool config that defines PLUS Data Mining (IPTC 2023.1), which ExifTool 12.57 lacks. */
export const PLUS_CONFIG = fileURLToPath(new URL('./exiftool-plus.config', import.meta.url));

/**
 * Runs exiftool with the given arguments (arguments are passed through a UTF-8 args file, so any text is safe).
 * `config` is an ExifTool config file (it must come first on the command line).
 */
export function exiftool(args: string[], config?: string): string {
  if (!exiftoolAvailable()) throw new Error(MISSING);
  return execFileSync('exiftool', [...(config ? ['-config', config] : []), '-charset', 'utf8', '-@', '-'], { input: args.join('\n') + '\n', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Writes tags into `file` in place, e.g. `writeTags(f, {'IPTC:Credit': 'AP'}, ['-codedcharacterset=utf8'])`. */
export function writeTags(file: string, tags: Record<string, string | string[]>, extra: string[] = []): void {
  // No -m: ExifTool then enforces IIM's length limits (cutting Credit to 32 bytes), as real writers do.
  const args = ['-overwrite_original', ...extra];
  for (const [tag, value] of Object.entries(tags)) {
    for (const v of Array.isArray(value) ? value : [value]) args.push(`-${tag}${Array.isArray(value) ? '+' : ''}=${v}`);
  }
  args.push(file);
  exiftool(args);
}

/** ExifTool's reading of a file: `exiftool -json -G1 -a -n` (the form of ../shared/corpus/exiftool.json). */
export function readTags(file: string, extra: string[] = []): Record<string, unknown> {
  const out = exiftool(['-json', '-G1', '-a', '-n', ...extra, file]);
  return (JSON.parse(out) as Record<string, unknown>[])[0]!;
}
