/**
 * How the browser tests start Chromium: Debian's build (never a Playwright download; this
 * machine has no network for it), with flags that work as root in a container.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  // Root in a container: Chromium's sandbox needs user namespaces it does not get.
  '--no-sandbox',
  '--disable-gpu',
  // No update checks, sync or first-run pings on a closed network.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Playwright `launchOptions` for Debian's Chromium. */
export const chromiumLaunchOptions = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true } as const;
