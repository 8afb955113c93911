// Part of `npm run build`: writes the policy of an empty configuration (zod's output for `{}`) to
// dist/config/defaults.json, so that a command run where there is no config file need not load zod.
import { writeFileSync } from 'node:fs';

const { resolvePolicy } = await import(new URL('../dist/config/resolve.js', import.meta.url).href);
writeFileSync(new URL('../dist/config/defaults.json', import.meta.url), JSON.stringify(resolvePolicy({}), null, 2) + '\n');
