import type CliProgress from 'cli-progress';
import { createRequire } from 'node:module';

/** Progress on stderr: a bar when stderr is a terminal, nothing otherwise (results go to stdout). */
export interface Progress {
  tick(failed: boolean): void;
  stop(): void;
}

export function createProgress(label: string, total: number, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY || total < 2) return { tick: () => undefined, stop: () => undefined };
  // Loaded only for a terminal: a script's or CI's run does not pay for it at start-up.
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted} | failed {failed}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const start = Date.now();
  let failed = 0;
  let done = 0;
  bar.start(total, 0, { failed, rate: '0' });
  return {
    tick(f) {
      done++;
      if (f) failed++;
      bar.update(done, { failed, rate: (done / Math.max(0.001, (Date.now() - start) / 1000)).toFixed(1) });
    },
    stop: () => bar.stop(),
  };
}
