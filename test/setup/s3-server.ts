/**
 * Vitest global setup: a real S3-protocol server for the storage tests. By default moto's S3 server
 * (`python3 -m moto.server`) on a free loopback port, started here and stopped by PID at the end; with
 * S3_ENDPOINT (and AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) set, that server instead (MinIO, AWS).
 * When none can be had, the S3 tests fail with a message saying how to get one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import type { S3Target } from '../helpers/s3.js';

declare module 'vitest' {
  export interface ProvidedContext {
    s3: S3Target;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.S3_ENDPOINT) {
    project.provide('s3', {
      endpoint: process.env.S3_ENDPOINT,
      region: process.env.AWS_REGION ?? 'us-east-1',
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
      moto: false,
      error: null,
    });
    return async () => undefined;
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let error: string | null = null;
  let stderr = '';
  try {
    child = spawn(process.env.PYTHON ?? 'python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    await waitReady(endpoint, child, 30_000);
  } catch (e) {
    error = `No S3 test server: ${(e as Error).message}. Install moto's server (pip install "moto[server]") or point the suite at one with S3_ENDPOINT, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.${stderr ? `\nmoto said: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`;
    child?.kill('SIGKILL');
    child = null;
  }
  project.provide('s3', { endpoint, region: 'us-east-1', accessKeyId: 'testing', secretAccessKey: 'testing', moto: true, error });
  return async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child?.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited with code ${child.exitCode}`);
    try {
      const r = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      if (r.ok || r.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`moto did not answer on ${endpoint} within ${timeoutMs / 1000} s`);
}
