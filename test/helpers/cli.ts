import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './paths.js';

/** Runs the real `photodesk` binary (bin/photodesk.js over the built dist/) and returns its exit code and output. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'photodesk.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
