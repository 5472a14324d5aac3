/**
 * 5. Size: the HTML and text bytes of every template with every fixture, as a
 * recipient receives them: rendered once, links tagged, then personalised for
 * one generated recipient (their name and signed unsubscribe link in place of
 * the merge fields). The MJML contender's HTML for the sample, filled the same
 * way, for comparison. KB are 1,024 bytes, as the render command prints them.
 */
import { allIssues, brand } from '../fixtures/index.ts';
import { fillMergeFields } from '../src/content/merge-fields.ts';
import { loadIssue } from '../src/content/load.ts';
import { createPersonaliser, mergeValuesFor } from '../src/personalise/personalise.ts';
import type { RenderableIssue } from '../src/content/issue.ts';
import { renderTemplate } from '../src/render/render-issue.ts';
import { BENCH_SECRET, SAMPLE_ISSUE, type BenchContext } from './context.ts';
import { mjmlSampleHtml } from './render.ts';
import { recipientAt } from './recipients.ts';
import { row, times, type MeasurementResult, type Row } from './report.ts';

const MEASUREMENT = '5 size';
export const TARGET_KB = 30;
const KB = 1024;
/** Yusuf Tremblay, reader.1@example.org: an ordinary recipient. */
const RECIPIENT = recipientAt(1);

/** The issue as this recipient receives it: HTML and text bytes. */
async function receivedBytes(issue: RenderableIssue, slug: string) {
  const rendered = await renderTemplate(issue);
  const personalise = createPersonaliser(rendered, issue.brand, { campaignId: `bench-${slug}`, issueSlug: slug, secret: BENCH_SECRET });
  const email = personalise(RECIPIENT);
  return { html: Buffer.byteLength(email.html), text: Buffer.byteLength(email.text) };
}

export async function measureSize(ctx: BenchContext): Promise<MeasurementResult> {
  const sample = loadIssue(SAMPLE_ISSUE);
  const ours = await receivedBytes(sample, sample.slug);
  const mjmlHtml = Buffer.byteLength(fillMergeFields(await mjmlSampleHtml(), mergeValuesFor(sample.brand, RECIPIENT, BENCH_SECRET).values, 'html'));
  ctx.log(`size: ${Object.keys(allIssues).length} templates × fixtures`);

  const rows: Row[] = [
    row({
      id: 'size.sample',
      measurement: MEASUREMENT,
      contender: `Sample issue HTML as received (text ${(ours.text / KB).toFixed(1)} KB)`,
      unit: 'KB',
      median: ours.html / KB,
      ratio: `${times(mjmlHtml, ours.html)} smaller than MJML`,
      target: `≤ ${TARGET_KB} KB`,
      met: ours.html <= TARGET_KB * KB,
    }),
    row({ id: 'size.sample-mjml', measurement: MEASUREMENT, contender: 'Sample issue HTML, MJML 5', unit: 'KB', median: mjmlHtml / KB, ratio: 'baseline' }),
  ];
  const all: Record<string, { template: string; htmlBytes: number; textBytes: number }> = {};
  for (const [slug, issue] of Object.entries(allIssues)) {
    // With its slug, as loadIssue gives it: the campaign name in tagged links.
    const bytes = await receivedBytes({ ...issue, brand, slug } as unknown as RenderableIssue, slug);
    all[slug] = { template: issue.template, htmlBytes: bytes.html, textBytes: bytes.text };
    rows.push(
      row({
        id: `size.${slug}`,
        measurement: MEASUREMENT,
        contender: `${issue.template} × ${slug} HTML (text ${(bytes.text / KB).toFixed(1)} KB)`,
        unit: 'KB',
        median: bytes.html / KB,
      }),
    );
  }
  return {
    rows,
    details: { recipient: RECIPIENT, sample: { htmlBytes: ours.html, textBytes: ours.text, mjmlHtmlBytes: mjmlHtml }, fixtures: all },
  };
}
