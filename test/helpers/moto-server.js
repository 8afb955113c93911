// Starts moto's S3 server (python3 -m moto.server) on a free loopback port and waits until it answers.
// Plain JS so the vitest global setup and the benchmarks share it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** @returns {Promise<number>} a free TCP port on 127.0.0.1 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<{ endpoint: string, stop: () => Promise<void> }>}
 */
export async function startMoto(options = {}) {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let stderr = '';
  const child = spawn(process.env.PYTHON ?? 'python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (d) => (stderr = (stderr + d.toString()).slice(-2000)));
  const spawnError = new Promise((_, reject) => child.once('error', reject));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await Promise.race([waitReady(endpoint, child, options.timeoutMs ?? 30_000), spawnError]);
  } catch (e) {
    await stop().catch(() => undefined);
    const said = stderr.trim().split('\n').slice(-3).join(' | ');
    throw new Error(`${e instanceof Error ? e.message : String(e)}${said ? ` (moto said: ${said})` : ''}`);
  }
  return { endpoint, stop };
}

async function waitReady(endpoint, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited with code ${child.exitCode}`);
    try {
      const r = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      if (r.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`moto did not answer on ${endpoint} within ${timeoutMs / 1000} s`);
}
