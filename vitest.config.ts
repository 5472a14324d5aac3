import { defineConfig } from 'vitest/config';

/**
 * Test projects. `unit`: Node tests of the library, templates and commands.
 * Browser projects (Storybook stories, rendered emails in Chromium) are added beside it.
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
    ],
  },
});
