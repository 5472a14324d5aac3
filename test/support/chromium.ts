/**
 * How the browser tests start Chromium: Debian's build (never a Playwright download; this
 * machine has no network for it), with the same flags preflight uses.
 */
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/preflight/tools.ts';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

/** Playwright `launchOptions` for Debian's Chromium. */
export const chromiumLaunchOptions = { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true };
