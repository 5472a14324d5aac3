/**
 * The package's `dispatch/components` entry: the components, the theme, the two issue
 * templates and the content types. Nothing here needs Node (no file system, no SQLite),
 * so a browser bundle (a site's preview, Storybook) can import it.
 */
export * from './index.ts';
export { Digest, type DigestProps } from '../templates/digest.tsx';
export { ActionAlert, type ActionAlertProps } from '../templates/action-alert.tsx';
export type * from '../src/content/content-schema.ts';
