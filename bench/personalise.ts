/**
 * 2. Personalise: 100,000 generated recipients, each with merge fields, a signed
 * unsubscribe link and the List-Unsubscribe headers, HTML and text, from one
 * render (`createPersonaliser`), against calling React per recipient
 * (`renderIssue` with the recipient's values, then the same headers) on 1,000
 * of them in the same run. Then a byte-for-byte check on a sample: what the
 * personaliser makes equals rendering that recipient directly.
 *
 * Both contenders hand back the strings as they come (the personaliser's are
 * V8 ropes of the template's pieces); writing them out is the send's work,
 * counted in measurement 3.
 */
import { unsubscribeUrlFor } from '../src/content/brand.ts';
import { loadIssue } from '../src/content/load.ts';
import { createPersonaliser, unsubscribeHeaders, type OutgoingEmail, type Recipient } from '../src/personalise/personalise.ts';
import { signUnsubscribeToken } from '../src/personalise/unsubscribe-token.ts';
import { renderIssue, renderTemplate } from '../src/render/render-issue.ts';
import { BENCH_SECRET, SAMPLE_ISSUE, type BenchContext } from './context.ts';
import { alternate, msSince, stats } from './harness.ts';
import { generateRecipients, sampleIndices } from './recipients.ts';
import { row, timedRow, times, type MeasurementResult } from './report.ts';

const MEASUREMENT = '2 personalise';
export const TARGET_US = 20;
export const TARGET_RATIO = 150;

const consume = (email: OutgoingEmail) => email.html.length + email.text.length + email.subject.length + email.headers['List-Unsubscribe']!.length;

export async function measurePersonalise(ctx: BenchContext): Promise<MeasurementResult> {
  const issue = loadIssue(SAMPLE_ISSUE);
  const brand = issue.brand;
  const options = { campaignId: `bench-${issue.slug}`, issueSlug: issue.slug, secret: BENCH_SECRET };

  const [rounds, perRound, reactPerRound, warmup, checkCount] = ctx.quick ? [10, 100, 1, 2, 5] : [200, 500, 5, 10, 100];
  const total = rounds * perRound;
  const recipients = generateRecipients(total);
  const warmRecipients = generateRecipients(perRound, total); // others than the timed ones

  // Render once (timed separately: it is paid once per campaign, not per recipient).
  const renderStart = process.hrtime.bigint();
  const rendered = await renderTemplate(issue);
  const personalise = createPersonaliser(rendered, brand, options);
  const setupMs = msSince(renderStart);

  /** What the React contender does for one recipient: sign, render with their values, the same headers. */
  const reactOne = async (recipient: Recipient): Promise<OutgoingEmail> => {
    const unsubscribeUrl = unsubscribeUrlFor(brand, signUnsubscribeToken(recipient.email, BENCH_SECRET));
    const values = { ...recipient.fields, email: recipient.email, unsubscribe_url: unsubscribeUrl };
    const out = await renderIssue(issue, { recipient: values });
    return {
      from: brand.from,
      to: recipient.email,
      subject: out.subject,
      html: out.html,
      text: out.text,
      headers: unsubscribeHeaders(unsubscribeUrl, brand.unsubscribe.mailto),
      tags: [],
    };
  };

  const splice = {
    name: 'splice',
    items: perRound,
    run: (round: number) => {
      const chunk = round < 0 ? warmRecipients : recipients.slice(round * perRound, (round + 1) * perRound);
      let bytes = 0;
      for (const recipient of chunk) bytes += consume(personalise(recipient));
      return bytes;
    },
  };
  const react = {
    name: 'react',
    items: reactPerRound,
    run: async (round: number) => {
      const start = round < 0 ? total : round * perRound; // the first recipients of each splice chunk
      let bytes = 0;
      for (let k = 0; k < reactPerRound; k++) bytes += consume(await reactOne(recipients[start + k] ?? warmRecipients[k]!));
      return bytes;
    },
  };
  ctx.log(`personalise: ${total.toLocaleString('en-US')} recipients spliced and ${(rounds * reactPerRound).toLocaleString('en-US')} rendered with React, ${rounds} alternating rounds`);
  const samples = await alternate([splice, react], { warmup, rounds });
  const ours = stats(samples.get('splice')!);
  const theirs = stats(samples.get('react')!);
  const ratio = theirs.median / ours.median;
  const totalMs = samples.get('splice')!.reduce((sum, ms) => sum + ms * perRound, 0);

  // Byte-for-byte: the personaliser's message against rendering that recipient directly.
  const indices = sampleIndices(total, checkCount);
  const mismatches: { index: number; parts: string[] }[] = [];
  for (const index of indices) {
    const recipient = recipients[index]!;
    const spliced = personalise(recipient);
    const direct = await reactOne(recipient);
    const parts: string[] = (['html', 'text', 'subject'] as const).filter((part) => spliced[part] !== direct[part]);
    if (JSON.stringify(spliced.headers) !== JSON.stringify(direct.headers)) parts.push('headers');
    if (parts.length) mismatches.push({ index, parts });
  }
  ctx.log(`personalise: byte-for-byte check on ${indices.length} recipients, ${mismatches.length} mismatched`);

  const us = 1000; // samples are ms per recipient
  return {
    rows: [
      timedRow(
        {
          id: 'personalise.splice',
          measurement: MEASUREMENT,
          contender: `Dispatch, render once + splice (${total.toLocaleString('en-US')} recipients)`,
          unit: 'µs/recipient',
          ratio: `${times(theirs.median, ours.median)} faster than React per recipient`,
          target: `< ${TARGET_US} µs; ≥ ${TARGET_RATIO}× faster`,
          met: ours.median * us < TARGET_US && ratio >= TARGET_RATIO,
          note: `${total.toLocaleString('en-US')} recipients in ${(totalMs / 1000).toFixed(2)} s`,
        },
        ours,
        us,
      ),
      timedRow(
        {
          id: 'personalise.react',
          measurement: MEASUREMENT,
          contender: `React render per recipient (${(rounds * reactPerRound).toLocaleString('en-US')} recipients)`,
          unit: 'µs/recipient',
          ratio: 'baseline',
        },
        theirs,
        us,
      ),
      row({
        id: 'personalise.identical',
        measurement: MEASUREMENT,
        contender: 'Byte-identical to rendering the recipient directly',
        unit: 'recipients',
        median: indices.length - mismatches.length,
        n: indices.length,
        ratio: `${indices.length - mismatches.length} of ${indices.length}`,
        target: 'all identical',
        met: mismatches.length === 0,
      }),
    ],
    details: {
      recipients: total,
      reactRecipients: rounds * reactPerRound,
      perRound,
      reactPerRound,
      renderOnceAndCompileMs: setupMs,
      totalSpliceMs: totalMs,
      stats: { spliceUs: scale(ours, us), reactUs: scale(theirs, us) },
      ratio,
      check: { sampled: indices.length, mismatches },
    },
  };
}

const scale = (s: ReturnType<typeof stats>, k: number) => ({ ...s, median: s.median * k, p90: s.p90 * k, mean: s.mean * k, min: s.min * k, max: s.max * k });
