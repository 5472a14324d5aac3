/**
 * `dispatch report --html`: the page opens in Chromium with no request
 * leaving the file, its three charts are drawn (bars for the funnel and the
 * blocks, the timeline), the figures in it are the report's, and axe-core
 * finds no serious or critical violation. A screenshot goes to
 * test-artifacts/screenshots/results-report.png for a human look.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.ts';
import { runDispatch } from '../support/run-script.ts';
import { chromiumLaunchOptions } from '../support/chromium.ts';
import { seedEvents } from '../support/results-record.ts';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const require = createRequire(import.meta.url);
const dir = path.join(ARTIFACTS, 'results');
const dbFile = path.join(dir, `report-${process.pid}.db`);
const page = path.join(dir, 'report.html');
let browser: Browser;

beforeAll(async () => {
  mkdirSync(path.join(ARTIFACTS, 'screenshots'), { recursive: true });
  mkdirSync(dir, { recursive: true });
  const db = openDb(dbFile);
  try {
    await seedEvents(db, 'html-report', Array.from({ length: 1_000 }, (_, i) => `reader${i}@example.org`), 5);
  } finally {
    db.close();
  }
  browser = await chromium.launch(chromiumLaunchOptions);
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

describe('report --html', () => {
  it('is one self-contained page: charts drawn, figures shown, nothing fetched, no serious axe violation', async () => {
    const written = runDispatch(['report', 'html-report', '--db', dbFile, '--html', page]);
    expect(written.status, written.stderr).toBe(0);
    expect(statSync(page).mode & 0o777).toBe(0o600);
    const json = runDispatch(['report', 'html-report', '--db', dbFile, '--json']);
    const report = JSON.parse(json.stdout) as { funnel: { delivered: number; clicks: number }; blocks: Array<{ block: string; title: string | null; clicks: number }> };
    const html = readFileSync(page, 'utf8');
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);

    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, bypassCSP: true });
    try {
      const tab = await context.newPage();
      const requests: string[] = [];
      tab.on('request', (request) => requests.push(request.url()));
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
      expect(requests).toEqual([pathToFileURL(page).href]);

      const charts = await tab.$$eval('figure svg[role="img"]', (svgs) =>
        svgs.map((svg) => ({ label: svg.getAttribute('aria-label') ?? '', bars: svg.querySelectorAll('rect').length, width: svg.getBoundingClientRect().width })),
      );
      expect(charts).toHaveLength(3);
      expect(charts.every((chart) => chart.bars > 0 && chart.width > 300)).toBe(true);
      expect(charts[0]!.label).toContain(`Delivered ${report.funnel.delivered.toLocaleString('en-US')}`);
      // Clicks per block sit beside the blocks' titles.
      const top = report.blocks[0]!;
      expect(top.title).toBeTruthy();
      expect(charts[1]!.label).toContain(`(${top.block}) ${top.clicks.toLocaleString('en-US')}`);
      expect(await tab.locator('table').first().innerText()).toContain(report.funnel.clicks.toLocaleString('en-US'));

      // The page's own policy forbids scripts; the context bypasses it for axe alone.
      await tab.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
      const violations = await tab.evaluate(async () => {
        const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }> } }).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
      await tab.screenshot({ path: path.join(ARTIFACTS, 'screenshots', 'results-report.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 120_000);
});
