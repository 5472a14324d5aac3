/**
 * 1. Render: the sample issue to HTML and plain text with the project's own
 * components, against the same issue in MJML 5 (markup built from the same
 * content, then `mjml2html`). Both start from the loaded issue data and include
 * the UTM tagging of links; MJML writes no text part.
 */
import { loadIssue } from '../src/content/load.ts';
import { renderTemplate } from '../src/render/render-issue.ts';
import { SAMPLE_ISSUE, type BenchContext } from './context.ts';
import { alternate, stats } from './harness.ts';
import { renderMjml } from './mjml/issue-to-mjml.ts';
import { timedRow, times, type MeasurementResult } from './report.ts';
import { loadTagger } from './utm.ts';

const MEASUREMENT = '1 render';
export const TARGET_MS = 8;
export const TARGET_RATIO = 5;

export async function measureRender(ctx: BenchContext): Promise<MeasurementResult> {
  const issue = loadIssue(SAMPLE_ISSUE);
  if (issue.template !== 'digest') throw new Error(`${SAMPLE_ISSUE} is not a digest`);
  const tag = await loadTagger();
  const digest = issue;

  const dispatch = { name: 'dispatch', run: () => renderTemplate(issue) };
  const mjml = {
    name: 'mjml',
    run: async () => {
      const result = await renderMjml(tag(digest), digest.brand);
      if (result.errors) throw new Error(`MJML reported ${result.errors} validation errors`);
      return result.html;
    },
  };
  const [warmup, rounds] = ctx.quick ? [2, 8] : [30, 300];
  ctx.log(`render: ${warmup} warm-up and ${rounds} timed rounds, alternating`);
  const samples = await alternate([dispatch, mjml], { warmup, rounds });
  const ours = stats(samples.get('dispatch')!);
  const theirs = stats(samples.get('mjml')!);
  const ratio = theirs.median / ours.median;

  const [oursOut, theirsOut] = [await renderTemplate(issue), await renderMjml(tag(digest), digest.brand)];
  return {
    rows: [
      timedRow(
        {
          id: 'render.dispatch',
          measurement: MEASUREMENT,
          contender: 'Dispatch (React Email), HTML + text',
          unit: 'ms',
          ratio: `${times(theirs.median, ours.median)} faster than MJML`,
          target: `≤ ${TARGET_MS} ms; ≥ ${TARGET_RATIO}× faster`,
          met: ours.median <= TARGET_MS && ratio >= TARGET_RATIO,
        },
        ours,
      ),
      timedRow({ id: 'render.mjml', measurement: MEASUREMENT, contender: 'MJML 5.4.1, HTML only', unit: 'ms', ratio: 'baseline' }, theirs),
    ],
    details: {
      samplesMs: { dispatch: samples.get('dispatch'), mjml: samples.get('mjml') },
      stats: { dispatch: ours, mjml: theirs },
      ratio,
      bytes: { dispatchHtml: Buffer.byteLength(oursOut.html), dispatchText: Buffer.byteLength(oursOut.text), mjmlHtml: Buffer.byteLength(theirsOut.html) },
    },
  };
}

/** The MJML contender's HTML for the sample (merge fields in place), for the size table. */
export async function mjmlSampleHtml(): Promise<string> {
  const issue = loadIssue(SAMPLE_ISSUE);
  if (issue.template !== 'digest') throw new Error(`${SAMPLE_ISSUE} is not a digest`);
  const tag = await loadTagger();
  return (await renderMjml(tag(issue), issue.brand)).html;
}

