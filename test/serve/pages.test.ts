/**
 * serve's pages are real pages: valid HTML by the Nu HTML Checker, no serious
 * or critical axe findings in Chromium, no horizontal scrolling at 375 and
 * 1280 px, in en, fr and ar (right-to-left).
 */
import { describe, expect, it } from 'vitest';
import { runAxe } from '../../src/preflight/axe.ts';
import { runVnu } from '../../src/preflight/markup.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/preflight/tools.ts';
import { confirmPage, donePage, invalidPage, PAGE_LANGUAGES } from '../../src/serve/pages.ts';

const ADDRESS = 'reader.with.a.rather.long.address@example.org';
const pages = PAGE_LANGUAGES.flatMap((language) => [
  { name: `${language} confirm`, html: confirmPage(language, ADDRESS, 'CMPAC Newsletter', 'token.value') },
  { name: `${language} done`, html: donePage(language, ADDRESS, 'CMPAC Newsletter') },
  { name: `${language} invalid`, html: invalidPage(language) },
]);

describe('the unsubscribe pages', () => {
  it('are written in en, fr and ar, Arabic right-to-left', () => {
    expect(PAGE_LANGUAGES).toEqual(['en', 'fr', 'ar']);
    for (const page of pages) expect(page.html, page.name).toMatch(page.name.startsWith('ar') ? /<html lang="ar" dir="rtl">/ : /<html lang="(en|fr)" dir="ltr">/);
  });

  it('pass the Nu HTML Checker', async () => {
    const reports = await runVnu(pages.map((page) => page.html));
    reports.forEach((messages, i) => expect(messages.filter((m) => m.type !== 'info'), pages[i]!.name).toEqual([]));
  }, 60_000);

  it('have no serious or critical axe findings, light or dark', async () => {
    const { reports } = await runAxe(pages.map((page) => page.html));
    reports.forEach((report, i) => {
      const serious = [...report.light, ...report.dark].filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
      expect(serious, pages[i]!.name).toEqual([]);
    });
  }, 60_000);

  it.each([375, 1280])('fit %i px without horizontal scrolling', async (width) => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
    try {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      for (const { name, html } of pages) {
        await page.setContent(html, { waitUntil: 'domcontentloaded' });
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scrollWidth, name).toBeLessThanOrEqual(width);
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
