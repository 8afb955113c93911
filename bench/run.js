#!/usr/bin/env node
// Benchmarks: `npm run bench -- <name>` (e.g. metadata). Each prints a table and writes bench/results/<name>.json.
// Ratios against a baseline measured in the same run are what to compare: these machines are noisy.
import { existsSync } from 'node:fs';

const BENCHES = ['quality', 'metadata', 'validate', 'storage', 'renditions', 'bulk', 'correct', 'queue', 'catalogue', 'backend-load'];
const name = process.argv[2];
if (!name || !BENCHES.includes(name)) {
  console.error(`usage: npm run bench -- <${BENCHES.join('|')}>`);
  process.exit(2);
}
if (!existsSync(new URL('../dist/index.js', import.meta.url))) {
  console.error('dist/ is missing: run npm run build first');
  process.exit(2);
}
const mod = await import(`./${name}.js`);
await mod.run(process.argv.slice(3));
