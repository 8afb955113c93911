import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['test/setup/s3-server.ts', 'test/setup/redis-server.ts', 'test/setup/postgres-server.ts'],
    reporters: ['default'],
  },
});
