// Starts Debian's redis-server on a loopback port and waits until it answers PING. Plain JS so the vitest
// global setup and the benchmarks share it. Persistence is off unless a folder is given (the restart test).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './moto-server.js';

/**
 * @param {{ port?: number, dir?: string, timeoutMs?: number }} [options] `dir`: keep an RDB snapshot there,
 *   written on shutdown and loaded on start (a restart keeps the queue).
 * @returns {Promise<{ url: string, port: number, pid: number, stop: (save?: boolean) => Promise<void> }>}
 */
export async function startRedis(options = {}) {
  const port = options.port ?? (await freePort());
  const own = options.dir ? null : mkdtempSync(path.join(os.tmpdir(), 'photodesk-redis-'));
  const dir = options.dir ?? own;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'no', '--save', '', '--protected-mode', 'yes', '--loglevel', 'warning'];
  let output = '';
  const child = spawn(process.env.REDIS_SERVER ?? 'redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => (output = (output + d.toString()).slice(-2000)));
  child.stderr.on('data', (d) => (output = (output + d.toString()).slice(-2000)));
  const spawnError = new Promise((_, reject) => child.once('error', reject));
  const exited = new Promise((r) => child.once('exit', r));
  /** Stops the server (by its PID); `save`: write the snapshot first, as a graceful restart does. */
  const stop = async (save = false) => {
    if (child.exitCode === null && child.signalCode === null) {
      if (save) await command(port, 'SAVE').catch(() => undefined);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (own) rmSync(own, { recursive: true, force: true });
  };
  try {
    await Promise.race([waitReady(port, child, options.timeoutMs ?? 15_000), spawnError]);
  } catch (e) {
    await stop().catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}${output.trim() ? ` (redis-server said: ${output.trim().split('\n').slice(-3).join(' | ')})` : ''}`);
  }
  return { url: `redis://127.0.0.1:${port}/0`, port, pid: /** @type {number} */ (child.pid), stop };
}

/** Sends one inline command and resolves with the first reply line. */
export function command(port, cmd) {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    s.setTimeout(5000, () => s.destroy(new Error('timeout')));
    s.on('error', reject);
    s.on('data', (d) => {
      got += d.toString();
      if (got.includes('\r\n')) {
        s.end();
        resolve(got.split('\r\n')[0]);
      }
    });
    s.write(`${cmd}\r\n`);
  });
}

async function waitReady(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    if ((await command(port, 'PING').catch(() => '')) === '+PONG') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server did not answer on port ${port} within ${timeoutMs / 1000} s`);
}
