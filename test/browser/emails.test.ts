/**
 * Every template with every fixture, rendered by the send pipeline's `renderIssue` and opened
 * in Chromium at phone and desktop widths, light and dark: the email fits the screen, every
 * image has alt text, and every visible text reaches 4.5:1 against its background.
 * A full-page screenshot of each lands in test-artifacts/screenshots/ for a human look.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allIssues, brand } from '../../fixtures/index.ts';
import { renderIssue } from '../../src/render/render-issue.ts';
import { chromiumLaunchOptions } from '../support/chromium.ts';
import { inspectEmail, MIN_CONTRAST } from '../support/inspect-email.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const WIDTHS = [320, 600] as const;
const SCHEMES = ['light', 'dark'] as const;

/**
 * Stands in for every remote image (the test machine has no network): a large grey picture,
 * so that an image without a width limit would show up as overflow.
 */
const PLACEHOLDER_IMAGE = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675"><rect width="100%" height="100%" fill="#8A9A94"/></svg>`;

let browser: Browser;
const html = new Map<string, string>();

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  const [launched] = await Promise.all([
    chromium.launch(chromiumLaunchOptions),
    ...Object.entries(allIssues).map(async ([slug, issue]) => {
      // Merge fields filled with their fallbacks: what a reader without data sees.
      html.set(slug, (await renderIssue({ ...issue, brand }, { fallbacks: true })).html);
    }),
  ]);
  browser = launched;
});

afterAll(async () => {
  await browser?.close();
});

test('the checks catch an email that is too wide, has an image without alt, pale text and pale alt text', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 400 } });
  try {
    const page = await context.newPage();
    await page.setContent(
      '<body style="margin:0;background:#fff"><table style="width:100%"><tr><td>' +
        '<p style="color:#999">Pale grey on white</p><p style="white-space:nowrap">' + 'wide '.repeat(40) + '</p>' +
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">' +
        '<a href="https://example.org" style="color:#aaa"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Logo" width="10" height="10"></a>' +
        '</td></tr></table></body>',
    );
    const result = await page.evaluate(inspectEmail, MIN_CONTRAST);
    expect(result.scrollWidth).toBeGreaterThan(result.viewportWidth);
    expect(result.overflowing[0]).toContain('wide wide');
    expect(result.imagesWithoutAlt).toHaveLength(1);
    expect(result.lowContrast).toEqual([
      expect.objectContaining({ color: 'rgb(153, 153, 153)', background: 'rgb(255, 255, 255)', ratio: 2.85 }),
      expect.objectContaining({ text: 'alt text of <img> "Logo"', color: 'rgb(170, 170, 170)' }),
    ]);
  } finally {
    await context.close();
  }
});

describe.each(Object.entries(allIssues).map(([slug, issue]) => ({ slug, template: issue.template })))('$template: $slug', ({ slug }) => {
  test.each(WIDTHS.flatMap((width) => SCHEMES.map((scheme) => ({ width, scheme }))))('$width px, $scheme', async ({ width, scheme }) => {
    const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme });
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) =>
        route.request().resourceType() === 'image'
          ? route.fulfill({ contentType: 'image/svg+xml', body: PLACEHOLDER_IMAGE })
          : route.abort('blockedbyclient'),
      );
      await page.emulateMedia({ colorScheme: scheme });
      await page.setContent(html.get(slug)!, { waitUntil: 'load' });

      const result = await page.evaluate(inspectEmail, MIN_CONTRAST);
      await page.screenshot({ path: `${SCREENSHOTS}${slug}-${width}-${scheme}.png`, fullPage: true });

      expect.soft(result.overflowing, `elements wider than ${width} px`).toEqual([]);
      expect.soft(result.scrollWidth, 'document scroll width').toBeLessThanOrEqual(result.viewportWidth);
      expect.soft(result.imagesWithoutAlt, 'images without alt text').toEqual([]);
      expect.soft(result.textsChecked, 'visible texts checked for contrast').toBeGreaterThan(10);
      expect.soft(result.lowContrast, `text under ${MIN_CONTRAST}:1`).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
