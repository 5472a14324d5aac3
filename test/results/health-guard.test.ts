/**
 * The send's health guard, with the real commands: while `dispatch send`
 * runs through the stand-in, the stand-in's events (8% hard bounces) reach
 * `serve`, which records them in the same record; past 200 delivered (set in
 * brand.yaml) the guard stops the send (exit 1, the figures said), a plain re-run is refused,
 * and `--accept-health` sends to the rest: everyone gets it exactly once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssue } from '../../src/content/load.ts';
import { renderIssue } from '../../src/render/render-issue.ts';
import { startServe, type RunningServe } from '../../src/serve/server.ts';
import { openDb, type Db } from '../../src/store/db.ts';
import { deliverWebhookEvents, linksInHtml, planWebhookEvents, startResendStandIn, type StandIn } from '../support/resend-stand-in/index.ts';
import { runDispatch, startSend, runSend } from '../support/run-script.ts';
import { API_KEY, UNSUBSCRIBE_SECRET, WEBHOOK_SECRET } from '../support/secret-scan.ts';
import { SAMPLE_ISSUE as ISSUE } from '../support/content.ts';
import { workspace } from '../support/workspace.ts';

const RECIPIENTS = 3_000;
const CAMPAIGN = 'health-guard';
const ws = workspace(RECIPIENTS, { prefix: 'dispatch-health-' });
let standIn: StandIn;
let db: Db;
let serve: RunningServe;
let links: string[];

beforeAll(async () => {
  standIn = await startResendStandIn({ apiKey: API_KEY, recordBodies: false, recordRequests: false, rateLimit: 1 });
  db = openDb(ws.db);
  serve = await startServe({ db, webhookSecret: WEBHOOK_SECRET, listName: 'CMPAC Newsletter' });
  links = linksInHtml((await renderIssue(loadIssue(ISSUE))).html);
});
afterAll(async () => {
  await serve?.close();
  db?.close();
  await standIn?.close();
});

describe('health guard', () => {
  it('stops a send past 4% hard bounces; a re-run is refused; --accept-health finishes it, exactly once', async () => {
    const env = { RESEND_API_KEY: API_KEY, RESEND_BASE_URL: standIn.url, UNSUBSCRIBE_SECRET, DISPATCH_RETRY_BASE_MS: '10' };
    // The guard judges from 200 delivered here (500 by default): events reach serve a little behind the send.
    const brand = path.join(ws.dir, 'brand.yaml');
    writeFileSync(brand, `${readFileSync('content/brand.yaml', 'utf8')}\nresults:\n  health:\n    minDelivered: 200\n`);
    const args = [ISSUE, '--audience', ws.audience, '--db', ws.db, '--campaign', CAMPAIGN, '--brand', brand, '--yes'];
    const options = { seed: 4, rates: { hardBounce: 0.08, softBounce: 0, click: 0, open: 0 }, linksOf: () => links };
    const url = `${serve.url}/webhooks/resend`;
    const send = startSend(args, env);
    let finished = false;
    void send.done.then(() => (finished = true));
    let cursor = 0;
    while (!finished) {
      const fresh = standIn.emails.slice(cursor);
      cursor += fresh.length;
      await deliverWebhookEvents(planWebhookEvents(fresh, options), { url, secret: WEBHOOK_SECRET, seed: cursor, duplicates: 0 });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const first = await send.done;
    // On failure, say what the guard saw.
    if (first.code !== 1) throw new Error(`send exited ${first.code}:\n${first.stderr}\n${runDispatch(['report', CAMPAIGN, '--db', ws.db]).stdout}`);
    expect(first.stderr).toMatch(/Stopped by the health guard: the hard-bounce rate \d+\.\d\d% passed 4%: hard bounces \d+ of \d+/);
    const sentFirst = standIn.emails.length;
    expect(sentFirst).toBeGreaterThanOrEqual(200);
    expect(sentFirst).toBeLessThan(RECIPIENTS);

    const refused = await runSend(args, env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/stopped by its health guard: the hard-bounce rate .* nothing more was sent/);
    expect(refused.stderr).toContain('--accept-health');
    expect(standIn.emails).toHaveLength(sentFirst);

    const accepted = await runSend([...args, '--accept-health'], env);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(standIn.emails).toHaveLength(RECIPIENTS);
    expect([...standIn.countByRecipient().values()].every((n) => n === 1)).toBe(true);
    expect(standIn.countByRecipient().size).toBe(RECIPIENTS);
  }, 300_000);
});
