import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // This file lives in .config/: tests are found from the repository root.
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    projects: [
      // Some unit tests generate the whole sandbox portfolio (seconds on a busy 2-core machine): the
      // timeout only guards against hangs; speed is measured by `npm run bench`.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // The HubSpot cards (React, run with HubSpot's createRenderer) and the checks of the developer project.
        test: {
          name: 'extension',
          include: ['test/extension/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['test/extension/support/mock-hubspot-platform.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
