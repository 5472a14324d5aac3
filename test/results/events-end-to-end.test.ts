/**
 * Campaign results end to end, with the real commands: `dispatch send` to
 * 5,000 recipients through the Resend stand-in, the stand-in's seeded events
 * (bounces, delays, complaints, opens, clicks on the email's real links)
 * posted to `serve` while the send runs, shuffled, some twice, and then a
 * replay of a whole stretch of them; `dispatch report --json` must give every
 * count the stand-in seeded. Then `dispatch results prune` (as if 31 days
 * later) must leave no per-recipient event and the same report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssue } from '../../src/content/load.ts';
import { renderIssue } from '../../src/render/render-issue.ts';
import { startServe, type RunningServe } from '../../src/serve/server.ts';
import { openDb, type Db } from '../../src/store/db.ts';
import {
  deliverWebhookEvents,
  expectedCounts,
  linksInHtml,
  loadResendSpec,
  planWebhookEvents,
  startResendStandIn,
  type PlannedEvent,
  type StandIn,
} from '../support/resend-stand-in/index.ts';
import { runDispatch, BASE_ENV, startSend } from '../support/run-script.ts';
import { API_KEY, UNSUBSCRIBE_SECRET, WEBHOOK_SECRET } from '../support/secret-scan.ts';
import { SAMPLE_ISSUE as ISSUE } from '../support/content.ts';
import { workspace } from '../support/workspace.ts';

const RECIPIENTS = 5_000;
const CAMPAIGN = 'results-e2e';
const SEED = 17;
const ws = workspace(RECIPIENTS, { prefix: 'dispatch-results-' });
let standIn: StandIn;
let db: Db;
let serve: RunningServe;
let links: string[];

beforeAll(async () => {
  standIn = await startResendStandIn({ apiKey: API_KEY, recordBodies: false, recordRequests: false });
  db = openDb(ws.db);
  serve = await startServe({ db, webhookSecret: WEBHOOK_SECRET, listName: 'CMPAC Newsletter' });
  // The links every copy carries (the stand-in keeps no bodies for 5,000 emails): the issue as the send renders it.
  links = linksInHtml((await renderIssue(loadIssue(ISSUE))).html);
});
afterAll(async () => {
  await serve?.close();
  db?.close();
  await standIn?.close();
});

const report = () => {
  const run = runDispatch(['report', CAMPAIGN, '--json', '--db', ws.db], { ...BASE_ENV });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, any>;
};

const SCHEMAS: Record<string, string> = {
  sent: 'EmailSentEvent',
  delivered: 'EmailDeliveredEvent',
  delivery_delayed: 'EmailDeliveryDelayedEvent',
  bounced: 'EmailBouncedEvent',
  complained: 'EmailComplainedEvent',
  opened: 'EmailOpenedEvent',
  clicked: 'EmailClickedEvent',
};

describe('send → stand-in events → serve → report', () => {
  const planned: PlannedEvent[] = [];

  it('every count in report --json equals what the stand-in seeded, after duplicated, reordered and replayed deliveries', async () => {
    const url = `${serve.url}/webhooks/resend`;
    const options = { seed: SEED, linksOf: () => links };
    const env = { RESEND_API_KEY: API_KEY, RESEND_BASE_URL: standIn.url, UNSUBSCRIBE_SECRET, DISPATCH_RETRY_BASE_MS: '10' };
    const send = startSend([ISSUE, '--audience', ws.audience, '--db', ws.db, '--campaign', CAMPAIGN, '--yes'], env);
    let finished = false;
    void send.done.then(() => (finished = true));
    // Events for what the stand-in accepted so far, while the send still holds the record now and then.
    let cursor = 0;
    let round = 0;
    while (!finished || cursor < standIn.emails.length) {
      const fresh = standIn.emails.slice(cursor);
      cursor += fresh.length;
      const events = planWebhookEvents(fresh, options);
      planned.push(...events);
      await deliverWebhookEvents(events, { url, secret: WEBHOOK_SECRET, seed: SEED + ++round, duplicates: 0.1 });
      if (fresh.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const sent = await send.done;
    expect(sent.code, sent.stderr).toBe(0);
    expect(standIn.emails).toHaveLength(RECIPIENTS);
    // Resend replays: the first 3,000 deliveries again, in another order.
    await deliverWebhookEvents(planned.slice(0, 3_000), { url, secret: WEBHOOK_SECRET, seed: SEED * 31, duplicates: 0 });

    // The stand-in's events are Resend's documented shapes.
    const spec = loadResendSpec();
    for (const [type, schema] of Object.entries(SCHEMAS)) {
      const sample = planned.find((event) => event.type === type);
      expect(sample, `no ${type} event was seeded`).toBeDefined();
      const validate = spec.schema(schema);
      expect(validate(JSON.parse(sample!.body)), `${type}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }

    // Queued writes (the send held the lock) are written by the time serve has closed.
    await serve.close();
    db.close();

    const expected = expectedCounts(planned);
    const result = report();
    expect(result.funnel).toEqual({
      recipients: RECIPIENTS,
      accepted: standIn.emails.length,
      sent: expected.sent,
      delivered: expected.delivered,
      delayed: expected.delayed,
      hardBounces: expected.hardBounces,
      softBounces: expected.softBounces,
      complaints: expected.complaints,
      failed: 0,
      suppressed: 0,
      unsubscribes: 0,
      opened: expected.opened,
      opens: expected.opens,
      clicked: expected.clicked,
      clicks: expected.clicks,
    });
    // Seeded at 2% hard, 1% soft, 0.1% complaints, 10% clicks: the figures are real, not all zero.
    expect(expected.hardBounces).toBeGreaterThan(50);
    expect(expected.complaints).toBeGreaterThan(0);
    // Links without utm_content (other sites') are the block the stand-in counts under ''.
    expect(Object.fromEntries(result.blocks.map((b: any) => [b.block ?? '', { clicks: b.clicks, clickers: b.clickers }]))).toEqual(expected.blocks);
    expect(Object.fromEntries(result.links.map((l: any) => [l.link, { clicks: l.clicks, clickers: l.clickers }]))).toEqual(expected.links);
    // Block titles come from the issue the campaign sent.
    const issue = loadIssue(ISSUE);
    if (issue.template !== 'digest') throw new Error('the sample issue is a digest');
    expect(result.blocks.find((b: any) => b.block === 'statement-1')?.title).toBe(issue.sections[0]!.cards[0]!.title);
    expect(result.timeline.reduce((sum: number, point: any) => sum + point.clicks, 0)).toBe(expected.clicks);
    expect(result.clickers).toBeUndefined();
  }, 600_000);

  it('after results prune --before a month on, no per-recipient event remains and the report is unchanged', () => {
    const before = report();
    // Clicks are seeded up to three days ahead: --before a month on deletes them all, as retention will then.
    const prune = runDispatch(['results', 'prune', '--db', ws.db, '--before', new Date(Date.now() + 31 * 86_400_000).toISOString()], { ...BASE_ENV });
    expect(prune.status, prune.stderr).toBe(0);
    expect(prune.stdout).toMatch(/^[1-9]\d* events and [1-9]\d* email outcomes from before .* deleted/);
    const check = openDb(ws.db, { readonly: true });
    try {
      expect(check.prepare('SELECT count(*) FROM email_events').pluck().get()).toBe(0);
      expect(check.prepare('SELECT count(*) FROM email_outcomes').pluck().get()).toBe(0);
    } finally {
      check.close();
    }
    const after = report();
    expect({ ...after, retention: null }).toEqual({ ...before, retention: null });
  }, 120_000);
});
