/**
 * Vitest global setup: a real S3-protocol server for the storage tests. By default moto's S3 server
 * (`python3 -m moto.server`) on a free loopback port, started here and stopped by PID at the end; with
 * S3_ENDPOINT (and AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) set, that server instead (MinIO, AWS).
 * When none can be had, the S3 tests fail with a message saying how to get one.
 */
import type { TestProject } from 'vitest/node';
import { startMoto } from '../helpers/moto-server.js';
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
  try {
    const moto = await startMoto();
    project.provide('s3', { endpoint: moto.endpoint, region: 'us-east-1', accessKeyId: 'testing', secretAccessKey: 'testing', moto: true, error: null });
    return moto.stop;
  } catch (e) {
    const error = `No S3 test server: ${(e as Error).message}. Install moto's server (pip install "moto[server]") or point the suite at one with S3_ENDPOINT, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`;
    project.provide('s3', { endpoint: '', region: 'us-east-1', accessKeyId: '', secretAccessKey: '', moto: false, error });
    return async () => undefined;
  }
}
