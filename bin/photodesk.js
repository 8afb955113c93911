#!/usr/bin/env node
// Thin launcher over the compiled CLI in dist/. The published package ships dist/; a source checkout builds it
// on its first run (no `prepare` script: it would make every installer of the package approve an install script).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(dist)) {
  const config = fileURLToPath(new URL('../tsconfig.build.json', import.meta.url));
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    process.stderr.write('photodesk: dist/ is missing and TypeScript is not installed: run `npm install` then `npm run build`\n');
    process.exit(2);
  }
  process.stderr.write('photodesk: building dist/ (first run from a source checkout)...\n');
  const r = spawnSync(process.execPath, [tsc, '-p', config], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(2);
}

// Commands that render run long, decoding large images on many threads: two malloc arenas keep their RSS flat
// (the process replaces itself with MALLOC_ARENA_MAX=2 unless the environment sets it; see limitMallocArenas).
if (['ingest', 'correct', 'worker'].includes(process.argv[2] ?? '')) {
  const { limitMallocArenas } = await import(new URL('../dist/util/malloc-arenas.js', import.meta.url).href);
  limitMallocArenas();
}

const { main } = await import(dist.href);

// A closed stdout (`photodesk inspect | head -1`) ends the command quietly, not with an EPIPE stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await main(process.argv);
