import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumLaunchOptions } from './test/support/chromium.ts';

/**
 * Test projects. `unit`: Node tests of the library, templates and commands.
 * `emails`: every template and fixture rendered and measured in Chromium (playwright-core).
 * `storybook`: every story rendered in Chromium through Vitest browser mode.
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
          globalSetup: ['test/support/ensure-chromium.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        plugins: [storybookTest({ configDir: fileURLToPath(new URL('./.storybook', import.meta.url)) })],
        // Pre-bundled so the browser gets ES modules (React's CommonJS entry otherwise fails with
        // "does not provide an export named 'default'"), and up front: a dependency found mid-run
        // (react-dom/server, used by the template stories' render) makes Vite re-optimise and fail.
        optimizeDeps: { include: ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client', 'react-dom/server'] },
        test: {
          name: 'storybook',
          globalSetup: ['test/support/ensure-chromium.ts'],
          setupFiles: ['.storybook/vitest.setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunchOptions }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
