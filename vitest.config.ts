import { defineConfig } from 'vitest/config';

/**
 * Test projects. `unit`: Node tests of the library, templates and commands.
 * `emails`: every template and fixture rendered and measured in Chromium (playwright-core).
 * Browser projects first make sure Debian's Chromium is installed.
 */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/browser/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'emails',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/ensure-chromium.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
