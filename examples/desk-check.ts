/**
 * A pre-publication check a newsroom runs in CI over the folder of photos about to go out:
 *
 *   npx jiti examples/desk-check.ts photos/ [--config examples/desk-check.config.ts] [--junit report.xml]
 *
 * It prints one line per photo (verdict, printed credit line, the findings), writes JUnit XML for the CI
 * dashboard when asked, and exits 1 when any photo has an error finding, so the publishing job stops.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { junitXml, loadConfig, validateFile, walkFiles, type ValidationResult } from 'photodesk';

export interface DeskCheckResult {
  results: ValidationResult[];
  failed: number;
}

/** Checks every photo under `paths` against the policy in `configFile`. */
export async function deskCheck(paths: string[], options: { configFile?: string; now?: Date } = {}): Promise<DeskCheckResult> {
  const configFile = options.configFile ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'desk-check.config.ts');
  const { policy } = await loadConfig({ file: configFile });
  const results: ValidationResult[] = [];
  for await (const file of walkFiles(paths)) results.push(await validateFile(file, policy, options.now ? { now: options.now } : {}));
  return { results, failed: results.filter((r) => r.verdict === 'fail').length };
}

async function main(argv: string[]): Promise<number> {
  const paths = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  const opt = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  if (paths.length === 0) {
    console.error('usage: desk-check <folders...> [--config file] [--junit report.xml]');
    return 2;
  }
  const configFile = opt('--config');
  const { results, failed } = await deskCheck(paths, configFile ? { configFile } : {});
  for (const r of results) {
    console.log(`${r.verdict.toUpperCase().padEnd(4)}  ${r.file}${r.creditLine ? `  [${r.creditLine}]` : ''}`);
    for (const f of r.findings) if (f.severity !== 'info') console.log(`      ${f.severity}: ${f.message}`);
  }
  const junit = opt('--junit');
  if (junit) writeFileSync(junit, junitXml(results, 'desk check'));
  console.log(`${results.length} photo(s), ${failed} blocked`);
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
