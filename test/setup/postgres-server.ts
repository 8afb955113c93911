/**
 * Vitest global setup: a throwaway PostgreSQL cluster for the catalogue's contract suite, on a free loopback
 * port, stopped by its PID at the end. POSTGRES_URL points the suite at another server instead. When none can
 * be had, the PostgreSQL tests fail with a message saying how to get one.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../helpers/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { url: string; error: string | null };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.POSTGRES_URL) {
    project.provide('postgres', { url: process.env.POSTGRES_URL, error: null });
    return async () => undefined;
  }
  try {
    const pg = await startPostgres();
    project.provide('postgres', { url: pg.url, error: null });
    return () => pg.stop();
  } catch (e) {
    project.provide('postgres', { url: '', error: `No PostgreSQL for the catalogue tests: ${(e as Error).message}. Install it (apt-get install postgresql) or set POSTGRES_URL.` });
    return async () => undefined;
  }
}
