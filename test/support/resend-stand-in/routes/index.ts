import { broadcastRoutes } from './broadcasts.ts';
import { contactRoutes } from './contacts.ts';
import { emailRoutes } from './emails.ts';
import { importRoutes } from './imports.ts';
import { segmentRoutes } from './segments.ts';
import type { Route } from './types.ts';

export const allRoutes: readonly Route[] = [
  ...emailRoutes,
  ...segmentRoutes,
  ...contactRoutes,
  ...importRoutes,
  ...broadcastRoutes,
];
