// Component tests of the dashboard: jsdom, fetch stubbed at the network boundary.
// Standalone (`vitest run --config web/vitest.config.ts`) and as a project of the root config.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  test: {
    name: 'web',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    // jsdom renders of 1,000-row lists take seconds when the server tests share the two cores.
    testTimeout: 30_000,
  },
});
