import { createContext } from 'react';

/** The Microsoft Office XML namespaces Outlook for Windows needs for VML (the buttons' rounded rectangles). */
export const OFFICE_NAMESPACES = {
  'xmlns:v': 'urn:schemas-microsoft-com:vml',
  'xmlns:o': 'urn:schemas-microsoft-com:office:office',
  'xmlns:w': 'urn:schemas-microsoft-com:office:word',
} as const;

/**
 * True below a document whose `<html>` declares `OFFICE_NAMESPACES` (every
 * `EmailLayout`): VML elements there need not declare them again, which saves
 * about 100 bytes a button. Default `false`: a component rendered on its own
 * keeps its declarations.
 */
export const OfficeNamespacesDeclared = createContext(false);
