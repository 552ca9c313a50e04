import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**', '**/*.serial.test.ts'],
          globalSetup: ['test/support/build.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      'web/vitest.config.ts',
      {
        // Tests that disturb shared infrastructure (a PostgreSQL restart) run alone, after the rest.
        test: {
          name: 'serial',
          environment: 'node',
          include: ['test/**/*.serial.test.ts'],
          env: { TOLLGATE_PG_RESTART_TEST: '1' },
          fileParallelism: false,
          globalSetup: ['test/support/build.ts'],
          sequence: { groupOrder: 1 },
          testTimeout: 150_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/build.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
