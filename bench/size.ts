/**
 * 5. Size: the HTML and text bytes of every template with every fixture, as
 * `npm run render` writes them (merge fields in place, links tagged), and the
 * MJML contender's HTML for the sample. KB are 1,024 bytes, as the render
 * command prints them.
 */
import { allIssues, brand } from '../fixtures/index.ts';
import { loadIssue } from '../src/content/load.ts';
import { renderTemplate, type RenderableIssue } from '../src/render/render-issue.ts';
import { SAMPLE_ISSUE, type BenchContext } from './context.ts';
import { mjmlSampleBytes } from './render.ts';
import { row, times, type MeasurementResult, type Row } from './report.ts';

const MEASUREMENT = '5 size';
export const TARGET_KB = 30;
const KB = 1024;

export async function measureSize(ctx: BenchContext): Promise<MeasurementResult> {
  const sample = loadIssue(SAMPLE_ISSUE);
  const sampleOut = await renderTemplate(sample);
  const sampleHtml = Buffer.byteLength(sampleOut.html);
  const mjmlHtml = await mjmlSampleBytes();
  ctx.log(`size: ${Object.keys(allIssues).length} templates × fixtures`);

  const rows: Row[] = [
    row({
      id: 'size.sample',
      measurement: MEASUREMENT,
      contender: `Sample issue HTML (text ${(Buffer.byteLength(sampleOut.text) / KB).toFixed(1)} KB)`,
      unit: 'KB',
      median: sampleHtml / KB,
      ratio: `${times(mjmlHtml, sampleHtml)} smaller than MJML`,
      target: `≤ ${TARGET_KB} KB`,
      met: sampleHtml <= TARGET_KB * KB,
    }),
    row({ id: 'size.sample-mjml', measurement: MEASUREMENT, contender: 'Sample issue HTML, MJML 5', unit: 'KB', median: mjmlHtml / KB, ratio: 'baseline' }),
  ];
  const all: Record<string, { template: string; htmlBytes: number; textBytes: number }> = {};
  for (const [slug, issue] of Object.entries(allIssues)) {
    // With its slug, as loadIssue gives it: the campaign name in tagged links.
    const out = await renderTemplate({ ...issue, brand, slug } as unknown as RenderableIssue);
    const htmlBytes = Buffer.byteLength(out.html);
    const textBytes = Buffer.byteLength(out.text);
    all[slug] = { template: issue.template, htmlBytes, textBytes };
    rows.push(
      row({
        id: `size.${slug}`,
        measurement: MEASUREMENT,
        contender: `${issue.template} × ${slug} HTML (text ${(textBytes / KB).toFixed(1)} KB)`,
        unit: 'KB',
        median: htmlBytes / KB,
      }),
    );
  }
  return { rows, details: { sample: { htmlBytes: sampleHtml, textBytes: Buffer.byteLength(sampleOut.text), mjmlHtmlBytes: mjmlHtml }, fixtures: all } };
}
