import type { StorybookConfig } from '@storybook/react-vite';

/**
 * Component stories live beside their components; template stories live in stories/,
 * outside emails/, because `email dev` and `email export` treat every file there as a template.
 */
const config: StorybookConfig = {
  stories: ['../components/**/*.stories.tsx', '../stories/**/*.stories.tsx'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  typescript: {
    // Reads props and their JSDoc through TypeScript (6.x here), so autodocs resolve
    // `Readonly<{…}>` props and schema-derived types such as `Card['title']`.
    reactDocgen: 'react-docgen-typescript',
  },
  // Closed network, and designers need no phoning home.
  core: { disableTelemetry: true },
};

export default config;
