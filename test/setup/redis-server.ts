/**
 * Vitest global setup: Debian's redis-server for the queue tests, on a free loopback port with persistence off,
 * started here and stopped by its PID at the end. REDIS_URL points the suite at another server instead. When
 * none can be had, the queue tests fail with a message saying how to get one.
 */
import type { TestProject } from 'vitest/node';
import { startRedis } from '../helpers/redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redis: { url: string; error: string | null };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.REDIS_URL) {
    project.provide('redis', { url: process.env.REDIS_URL, error: null });
    return async () => undefined;
  }
  try {
    const redis = await startRedis();
    project.provide('redis', { url: redis.url, error: null });
    return () => redis.stop();
  } catch (e) {
    project.provide('redis', { url: '', error: `No Redis for the queue tests: ${(e as Error).message}. Install it (apt-get install redis-server) or set REDIS_URL.` });
    return async () => undefined;
  }
}
