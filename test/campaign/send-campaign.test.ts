import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startResendStandIn, type StandIn } from '../support/resend-stand-in/index.ts';
import { tempContent, SAMPLE_ISSUE, BRAND } from '../support/content.ts';
import { resendEnvFor } from '../support/resend-env.ts';
import { workspace } from '../support/workspace.ts';
import { captureOutput } from '../support/captured-output.ts';
import { sendCampaign, type SendOptions } from '../../src/campaign/send-campaign.ts';
import { checkCampaignId } from '../../src/deliver/send-settings.ts';
import { DispatchError, exitCodeOf, formatError } from '../../src/errors/errors.ts';
import type { Transport } from '../../src/deliver/transport.ts';
import { CampaignStore, lockOwner } from '../../src/store/campaign-store.ts';
import { openDb } from '../../src/store/db.ts';
import { addSuppression } from '../../src/suppressions/suppressions.ts';
import { verifyUnsubscribeToken } from '../../src/personalise/unsubscribe-token.ts';

const SECRET = 'campaign-test-secret-0123456789';
let standIn: StandIn;
beforeAll(async () => {
  standIn = await startResendStandIn();
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

// Preflight's external tools are the preflight suite's to test; here they only cost time.
const NO_TOOLS = { DISPATCH_PREFLIGHT_TOOLS: 'none' };
const resendEnv = resendEnvFor(() => standIn, { unsubscribeSecret: SECRET, retryBaseMs: 5, env: NO_TOOLS });

async function send(options: Partial<SendOptions> & { env: NodeJS.ProcessEnv }, ws = workspace()) {
  const out = captureOutput();
  const result = await sendCampaign({ issueFile: SAMPLE_ISSUE, dbPath: ws.db, outboxDir: ws.outbox, output: out.output, ...options });
  return { result, out, ws };
}

async function refusal(options: Partial<SendOptions> & { env: NodeJS.ProcessEnv }, ws = workspace()): Promise<string> {
  const out = captureOutput();
  try {
    await sendCampaign({ issueFile: SAMPLE_ISSUE, dbPath: ws.db, outboxDir: ws.outbox, output: out.output, ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(DispatchError);
    expect((error as DispatchError).exitCode).toBe(2);
    const e = error as DispatchError;
    return [e.message, e.hint ?? '', ...e.problems].join('\n');
  }
  throw new Error(`expected a refusal; output:\n${out.text()}`);
}

const AUDIENCE = [
  'email,first_name,last_name',
  'amina@example.org,Amina,Rahman',
  'YUSUF@example.org,<b>x</b>,Ali',
  'not-an-address,Bad,Row',
  ' amina@example.org ,Dup,Row',
  'stop@example.org,Stop,Me',
  'listed@example.org,On,List',
  'omar@example.org,,',
].join('\r\n');

describe('sendCampaign through Resend (stand-in)', () => {
  it('sends each recipient once, with merge fields escaped, headers, tags; reports skips with line numbers', async () => {
    const ws = workspace();
    const audience = ws.file('audience.csv', AUDIENCE);
    const stop = ws.file('stop.csv', 'email\nstop@example.org\n');
    const store = new CampaignStore(openDb(ws.db));
    addSuppression(store.db, { address: 'listed@example.org', reason: 'unsubscribed', source: 'one-click', time: new Date().toISOString() });
    store.close();
    const { result, out } = await send({ env: resendEnv(), audienceFile: audience, suppressFiles: [stop], campaign: 'sept' }, ws);
    expect(result.exitCode, out.text()).toBe(0);
    expect([...standIn.countByRecipient()].sort()).toEqual([
      ['amina@example.org', 1],
      ['omar@example.org', 1],
      ['yusuf@example.org', 1],
    ]);
    const yusuf = standIn.deliveriesTo('yusuf@example.org')[0]!;
    expect(yusuf.html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(yusuf.html).not.toContain('<b>x</b>');
    expect(yusuf.headers).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    const url = /<(https:[^>]+)>/.exec(String(yusuf.headers!['List-Unsubscribe']))![1]!;
    expect(verifyUnsubscribeToken(new URL(url).searchParams.get('token')!, SECRET)).toBe('yusuf@example.org');
    expect(yusuf.tags).toEqual([
      { name: 'campaign', value: 'sept' },
      { name: 'issue', value: '2024-09-23-podcast-advocacy-updates' },
    ]);
    expect(yusuf.reply_to).toEqual(['info@canadianmuslimpac.ca']);
    expect(out.text()).toMatch(/audience\.csv:4  not-an-address  invalid/);
    expect(out.text()).toMatch(/audience\.csv:5  amina@example\.org  duplicate: same address as line 2/);
    expect(out.text()).toMatch(/audience\.csv:6  stop@example\.org  suppressed: in stop\.csv line 2/);
    expect(out.text()).toMatch(/audience\.csv:7  listed@example\.org  suppressed: on the suppression list \(unsubscribed, one-click\)/);

    const report = JSON.parse(readFileSync(result.report!.reportFile, 'utf8'));
    expect(report).toMatchObject({
      campaign: 'sept',
      transport: 'resend',
      outcome: 'complete',
      counts: { sent: 3, sentThisRun: 3, skipped: { invalid: 1, duplicate: 1, suppressed: 2 }, skippedTotal: 4, failed: 0, inDoubt: 0, pending: 0 },
      rateLimit: null,
    });
    expect(report.skipped.map((s: { line: number; reason: string }) => [s.line, s.reason])).toEqual([
      [4, 'invalid'],
      [5, 'duplicate'],
      [6, 'suppressed'],
      [7, 'suppressed'],
    ]);
    expect(path.dirname(result.report!.reportFile)).toBe(path.dirname(ws.db));

    // The same command again: nothing more is sent.
    const again = await send({ env: resendEnv(), audienceFile: audience, suppressFiles: [stop], campaign: 'sept' }, ws);
    expect(again.result.exitCode).toBe(0);
    expect(again.out.text()).toMatch(/Nothing to send: all 3 recipients/);
    expect(standIn.emails).toHaveLength(3);
    // Secrets appear nowhere.
    for (const text of [out.text(), again.out.text(), readFileSync(result.report!.reportFile, 'utf8'), readFileSync(ws.db).toString('latin1')]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(standIn.apiKey);
    }
  });

  it('keeps sending other batches while failed ones wait to retry', async () => {
    const ws = workspace();
    const rows = Array.from({ length: 600 }, (_, i) => `reader${i}@example.org`);
    standIn.failNext(2, 500);
    // A long backoff: the two failed batches wait at least 300 ms before their second attempt.
    const env = { ...resendEnv(), DISPATCH_RETRY_BASE_MS: '600', DISPATCH_RETRY_MAX_MS: '600' };
    const { result } = await send({ env, audienceFile: ws.file('a.csv', `email\n${rows.join('\n')}\n`) }, ws);
    expect(result.exitCode).toBe(0);
    const batches = standIn.requests.filter((r) => r.path === '/emails/batch');
    const failed = batches.filter((r) => r.status === 500);
    expect(failed).toHaveLength(2);
    const key = (r: (typeof batches)[number]) => r.headers['idempotency-key'];
    const firstRetry = Math.min(...batches.filter((r) => r.status === 200 && failed.some((f) => key(f) === key(r))).map((r) => r.time));
    // Other batches went out while both failed ones waited (with two requests in flight, nothing would have).
    expect(batches.filter((r) => r.status === 200 && r.time < firstRetry).length).toBeGreaterThanOrEqual(2);
    expect(new Set(standIn.emails.map((e) => e.to[0])).size).toBe(600);
    expect(standIn.emails).toHaveLength(600);
  });

  it('passes --schedule as scheduled_at', async () => {
    const ws = workspace();
    const when = new Date(Date.now() + 3 * 3600_000).toISOString();
    const { result } = await send({ env: resendEnv(), audienceFile: ws.file('a.csv', 'email\na@example.org\n'), schedule: when }, ws);
    expect(result.exitCode).toBe(0);
    expect(standIn.emails[0]!.scheduled_at).toBe(when);
  });

  it('stops on a 422 with the API message (exit 2, nothing sent), then resumes once fixed', async () => {
    const ws = workspace();
    const audience = ws.file('a.csv', 'email\na@example.org\nb@example.org\n');
    standIn.setPermanentError(422);
    const first = await send({ env: resendEnv(), audienceFile: audience }, ws);
    expect(first.result.exitCode).toBe(2);
    expect(first.out.text()).toMatch(/The API answered 422 validation_error: The request could not be processed/);
    expect(first.out.text()).toMatch(/What to do: fix what the message names/);
    expect(first.result.report?.counts.failed).toBe(2);
    standIn.setPermanentError(null);
    const second = await send({ env: resendEnv(), audienceFile: audience }, ws);
    expect(second.result.exitCode).toBe(0);
    expect(standIn.emails).toHaveLength(2);
  });

  it('stops on a rejected key and says what to fix', async () => {
    const ws = workspace();
    const { result, out } = await send({ env: { ...resendEnv(), RESEND_API_KEY: 're_not_the_right_key' }, audienceFile: ws.file('a.csv', 'email\na@example.org\n') }, ws);
    expect(result.exitCode).toBe(2);
    expect(out.text()).toMatch(/403 invalid_api_key: API key is invalid/);
    expect(out.text()).toMatch(/check RESEND_API_KEY/);
    expect(out.text()).not.toContain('re_not_the_right_key');
    expect(standIn.emails).toHaveLength(0);
  });

  it('re-sends a batch left in doubt with the same key, and refuses if its contents changed since', async () => {
    const ws = workspace();
    const audience = ws.file('a.csv', 'email,first_name\na@example.org,A\nb@example.org,B\n');
    // The API accepts the batch but the answer is lost every time: the batch stays in doubt.
    standIn.setFaults({ rate: 1, kinds: ['lost'] });
    const first = await send({ env: { ...resendEnv(), DISPATCH_MAX_ATTEMPTS: '2' }, audienceFile: audience }, ws);
    expect(first.result.exitCode).toBe(1);
    expect(first.result.report?.counts.inDoubt).toBe(2);
    expect(standIn.emails).toHaveLength(2);
    standIn.setFaults(null);

    const changed = await refusal({ env: { ...resendEnv(), UNSUBSCRIBE_SECRET: 'a-different-secret-value' }, audienceFile: audience }, ws);
    expect(changed).toMatch(/sent by an earlier run without an answer, and what it would send has changed/);

    const resumed = await send({ env: resendEnv(), audienceFile: audience }, ws);
    expect(resumed.result.exitCode, resumed.out.text()).toBe(0);
    expect(resumed.out.text()).toMatch(/Resuming: 1 batch \(2 recipients\)/);
    expect(standIn.emails).toHaveLength(2);
    expect(standIn.requests.at(-1)?.replayed).toBe(true);
  });

  it('refuses while another live run holds the campaign', async () => {
    const ws = workspace();
    const store = new CampaignStore(openDb(ws.db));
    const campaign = store.ensureCampaign({ id: 'busy', transport: 'resend', issueSlug: 's', issueFile: 'f', subject: 's', contentHash: 'h', scheduledAt: null });
    store.acquireLock(campaign.pk, lockOwner('someone-else'));
    store.close();
    expect(await refusal({ env: resendEnv(), audienceFile: ws.file('a.csv', 'email\na@example.org\n'), campaign: 'busy' }, ws)).toMatch(/being sent right now by another run/);
    expect(standIn.emails).toHaveLength(0);
  });

  it('--dry-run prints the plan and sends nothing, records nothing', async () => {
    const ws = workspace();
    const { result, out } = await send({ env: resendEnv(), audienceFile: ws.file('a.csv', AUDIENCE), dryRun: true }, ws);
    expect(result.exitCode).toBe(0);
    expect(result.plan).toMatchObject({ recipients: 5, toSend: 5, batches: 1, alreadySent: 0, rateLimit: 2, skipped: { invalid: 1, duplicate: 1, suppressed: 0 } });
    expect(out.text()).toMatch(/dry run: nothing is sent/);
    expect(out.text()).toMatch(/to send: {3}5 emails in 1 batch of up to 100/);
    expect(out.text()).toMatch(/estimate: .* at 2 requests\/s/);
    expect(standIn.requests).toHaveLength(0);
    expect(existsSync(ws.db)).toBe(false);
  });

  it('--dry-run after a partial send counts who already has it and uses the limit Resend reported', async () => {
    const ws = workspace();
    standIn.setRateLimit(7);
    await send({ env: resendEnv(), audienceFile: ws.file('a.csv', 'email\na@example.org\nb@example.org\n') }, ws);
    const { result } = await send({ env: resendEnv(), audienceFile: ws.file('b.csv', 'email\na@example.org\nb@example.org\nc@example.org\n'), dryRun: true }, ws);
    expect(result.plan).toMatchObject({ recipients: 3, alreadySent: 2, toSend: 1, rateLimit: 7 });
  });

  it('--test-to sends only to those addresses, subject [TEST], outside the campaign record', async () => {
    const ws = workspace();
    const { result, out } = await send({ env: resendEnv(), audienceFile: ws.file('a.csv', AUDIENCE), testTo: ['Amina@example.org, tester@example.net'] }, ws);
    expect(result.exitCode, out.text()).toBe(0);
    expect([...standIn.countByRecipient().keys()].sort()).toEqual(['amina@example.org', 'tester@example.net']);
    expect(standIn.emails.every((e) => e.subject.startsWith('[TEST] '))).toBe(true);
    // Amina's test carries her merge fields.
    expect(standIn.deliveriesTo('amina@example.org')[0]!.text).toContain('Amina');
    expect(existsSync(ws.db)).toBe(false);
    // The campaign itself is untouched: a real send afterwards reaches everyone.
    standIn.reset();
    const real = await send({ env: resendEnv(), audienceFile: ws.file('b.csv', AUDIENCE) }, ws);
    expect(real.result.exitCode).toBe(0);
    expect(standIn.deliveriesTo('amina@example.org')).toHaveLength(1);
    expect(standIn.deliveriesTo('amina@example.org')[0]!.subject.startsWith('[TEST]')).toBe(false);
  });
});

describe('sendCampaign to the outbox', () => {
  it('writes one .eml per subscriber, resumes as "nothing to send", and starts over when the issue changes', async () => {
    const ws = workspace();
    const { result, out } = await send({ env: NO_TOOLS, audienceFile: 'content/audiences/sample.csv' }, ws);
    expect(result.exitCode, out.text()).toBe(0);
    const folder = path.join(ws.outbox, '2024-09-23-podcast-advocacy-updates');
    expect(readdirSync(folder)).toHaveLength(5);
    expect(out.text()).toMatch(/warning: UNSUBSCRIBE_SECRET is not set/);
    // One warning of the send's own (preflight adds its own lines about the tools it skipped).
    expect(out.text().match(/warning: (?!preflight)/g)).toHaveLength(1);

    const again = await send({ env: NO_TOOLS, audienceFile: 'content/audiences/sample.csv' }, ws);
    expect(again.result.exitCode).toBe(0);
    expect(again.out.text()).toMatch(/Nothing to send: all 5 recipients/);

    // A changed issue: the rehearsal is rewritten.
    const original = readFileSync(SAMPLE_ISSUE, 'utf8');
    const content = tempContent({ '2024-09-23-podcast-advocacy-updates.yaml': original.replace(/^subject: .*$/m, 'subject: "A corrected subject"') });
    const changed = await send({ env: NO_TOOLS, issueFile: content.issue('2024-09-23-podcast-advocacy-updates.yaml'), audienceFile: 'content/audiences/sample.csv' }, ws);
    expect(changed.result.exitCode).toBe(0);
    expect(changed.out.text()).toMatch(/the issue changed since the last outbox run/);
    expect(changed.result.report?.counts.sentThisRun).toBe(5);
    expect(readdirSync(folder)).toHaveLength(5);
    expect(readFileSync(path.join(folder, readdirSync(folder)[0]!), 'utf8')).toContain('Subject: A corrected subject');
  });
});

describe('--test-to through the outbox', () => {
  it('writes to a folder no campaign id can name: a test of campaign "news" leaves campaign "news.test" alone', async () => {
    const ws = workspace();
    const real = await send({ env: NO_TOOLS, audienceFile: 'content/audiences/sample.csv', campaign: 'news.test' }, ws);
    expect(real.result.exitCode, real.out.text()).toBe(0);
    const test = await send({ env: NO_TOOLS, testTo: ['checker@example.net'], campaign: 'news' }, ws);
    expect(test.result.exitCode, test.out.text()).toBe(0);
    expect(readdirSync(path.join(ws.outbox, 'news.test'))).toHaveLength(5);
    const folders = readdirSync(ws.outbox).filter((name) => name !== 'news.test');
    expect(folders).toHaveLength(1);
    expect(() => checkCampaignId(folders[0]!)).toThrow(DispatchError);
    expect(readdirSync(path.join(ws.outbox, folders[0]!))).toEqual([expect.stringMatching(/checker@example\.net\.eml$/)]);
    expect(test.out.text()).toContain(`${path.join(ws.outbox, folders[0]!)}${path.sep}`);
  });
});

describe('failures after emails went out (exit 1, never 2: "nothing was sent" would be false)', () => {
  it('a report path that is a folder: the last line gives the counts and says to run the same command; no temporary file is left', async () => {
    const ws = workspace();
    const record = path.join(ws.dir, 'record');
    mkdirSync(path.join(record, '2024-09-23-podcast-advocacy-updates.outbox.report.json'), { recursive: true });
    const out = captureOutput();
    const error = await sendCampaign({ issueFile: SAMPLE_ISSUE, dbPath: ws.db, outboxDir: ws.outbox, output: out.output, env: NO_TOOLS, audienceFile: 'content/audiences/sample.csv' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(readdirSync(path.join(ws.outbox, '2024-09-23-podcast-advocacy-updates'))).toHaveLength(5);
    expect(exitCodeOf(error), String(error)).toBe(1);
    const last = formatError(error).at(-1)!;
    expect(last).toMatch(/^error: .*2024-09-23-podcast-advocacy-updates\.outbox\.report\.json: is a folder, not a file; 5 of 5 emails written to the outbox, 0 in doubt \(/);
    expect(last).toMatch(/run the same command again \(same --campaign\) to finish/);
    expect(readdirSync(record).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});

describe('a refusal after a batch went out without an answer', () => {
  it('exits 1, not 2: the batch in doubt may have been delivered, so "nothing was sent" would be false', async () => {
    const ws = workspace();
    const audience = ws.file('a.csv', ['email', ...Array.from({ length: 200 }, (_, i) => `u${i}@example.org`)].join('\n'));
    const refusedOne = new AbortController();
    let calls = 0;
    // Batch 1 goes out and waits to retry; batch 2 is refused (422), which stops the run and cancels batch 1's retry.
    const transport: Transport = {
      name: 'outbox',
      maxBatchSize: 100,
      maxInFlight: 2,
      knownRateLimit: () => null,
      async deliver(_batch, hooks) {
        hooks.beforeAttempt({ attempt: 1 });
        if (++calls === 2) {
          refusedOne.abort();
          return { ok: false, kind: 'refused', status: 422, name: 'validation_error', message: 'bad', hint: 'fix it' };
        }
        if (!refusedOne.signal.aborted) await once(refusedOne.signal, 'abort');
        await new Promise((resolve) => setImmediate(resolve));
        return hooks.cancelled?.()
          ? { ok: false, kind: 'cancelled', status: null, name: 'cancelled', message: 'stopped while waiting to retry', hint: 'run again' }
          : { ok: false, kind: 'in-doubt', status: 500, name: 'internal_server_error', message: 'x', hint: 'run again' };
      },
    };
    const { result, out } = await send({ env: NO_TOOLS, audienceFile: audience, transport }, ws);
    expect(calls).toBe(2);
    expect(result.report?.counts).toMatchObject({ sentThisRun: 0, inDoubt: 100, failed: 100 });
    expect(result.exitCode, out.text()).toBe(1);
  });
});

describe('Ctrl-C', () => {
  it('calls batches that never went out "not attempted", not "failed (in doubt)"', async () => {
    const ws = workspace();
    const audience = ws.file('a.csv', ['email', ...Array.from({ length: 1_000 }, (_, i) => `u${i}@example.org`)].join('\n'));
    const stop = new AbortController();
    let calls = 0;
    // The first batch is accepted and then Ctrl-C arrives; the three batches planned behind it wait for their turn and never go out.
    const transport: Transport = {
      name: 'outbox',
      maxBatchSize: 100,
      maxInFlight: 4,
      knownRateLimit: () => null,
      async deliver(batch, hooks) {
        if (calls++ === 0) await new Promise((resolve) => setImmediate(resolve));
        else if (!stop.signal.aborted) await once(stop.signal, 'abort');
        if (hooks.cancelled?.()) return { ok: false, kind: 'cancelled', status: null, name: 'cancelled', message: 'stopped before it went out', hint: 'run again' };
        hooks.beforeAttempt({ attempt: 1 });
        stop.abort();
        return { ok: true, ids: batch.ids.map((id) => `id-${id}`) };
      },
    };
    const { result, out } = await send({ env: NO_TOOLS, audienceFile: audience, transport, signal: stop.signal }, ws);
    expect(calls).toBe(4);
    expect(result.exitCode).toBe(1);
    expect(out.text()).toMatch(/^Interrupted: 100 emails written to the outbox, 0 rows skipped, 0 failed, 900 not attempted\.$/m);
    expect(result.report?.counts).toMatchObject({ sentThisRun: 100, failed: 0, inDoubt: 0, pending: 900 });
    const report = JSON.parse(readFileSync(result.report!.reportFile, 'utf8')) as { undelivered: unknown[] };
    expect(report.undelivered).toEqual([]);
  });
});

describe('refusals (exit 2, nothing sent)', () => {
  const audience = () => workspace().file('a.csv', 'email\na@example.org\n');

  it('Resend without UNSUBSCRIBE_SECRET', async () => {
    expect(await refusal({ env: { RESEND_API_KEY: standIn.apiKey, RESEND_BASE_URL: standIn.url, ...NO_TOOLS }, audienceFile: audience() })).toMatch(/UNSUBSCRIBE_SECRET is not set/);
  });

  it('a malformed key, without echoing it', async () => {
    const message = await refusal({ env: { RESEND_API_KEY: 're_has spaces\nin it', UNSUBSCRIBE_SECRET: SECRET, ...NO_TOOLS }, audienceFile: audience() });
    expect(message).toMatch(/RESEND_API_KEY does not look like an API key/);
    expect(message).not.toContain('has spaces');
  });

  it('a --db that is not a database, for a send or a dry run: refused naming it, the file left as it was', async () => {
    for (const dryRun of [false, true]) {
      const ws = workspace();
      mkdirSync(path.dirname(ws.db), { recursive: true });
      writeFileSync(ws.db, 'my notes, not a database\n', { mode: 0o644 });
      expect(await refusal({ env: NO_TOOLS, audienceFile: audience(), dryRun }, ws)).toMatch(/cannot open the campaign record .*dispatch\.db \(it is not an SQLite database\)/);
      expect(statSync(ws.db).mode & 0o777).toBe(0o644);
      expect(readFileSync(ws.db, 'utf8')).toBe('my notes, not a database\n');
    }
  });

  it('an audience that is empty after filtering', async () => {
    const ws = workspace();
    expect(await refusal({ env: resendEnv(), audienceFile: ws.file('a.csv', 'email\nnot-an-address\n\n') }, ws)).toMatch(/no one to send to after filtering \(1 row, all skipped \(1 invalid\)\)/);
  });

  it('a brand without a mailing address, or with a `from` that is not an address', async () => {
    const brand = readFileSync(BRAND, 'utf8');
    const issueText = readFileSync(SAMPLE_ISSUE, 'utf8');
    for (const [edit, pattern] of [
      [(b: string) => b.replace(/^mailingAddress: \|\n(?: {2}.*\n)+/m, ''), /mailingAddress/],
      [(b: string) => b.replace(/^from: .*$/m, 'from: not an address'), /from/],
      [(b: string) => b.replace(/^unsubscribe:\n(?: {2}.*\n)+/m, ''), /unsubscribe/],
    ] as const) {
      const content = tempContent({ 'x.yaml': issueText });
      writeFileSync(path.join(content.dir, 'brand.yaml'), edit(brand));
      expect(await refusal({ env: resendEnv(), issueFile: content.issue('x.yaml'), audienceFile: audience() })).toMatch(pattern);
    }
    expect(standIn.requests).toHaveLength(0);
  });

  it('usage mistakes: no audience, a bad schedule, a bad campaign id, a bad --test-to', async () => {
    expect(await refusal({ env: NO_TOOLS })).toMatch(/--audience is required/);
    expect(await refusal({ env: NO_TOOLS, audienceFile: audience(), schedule: 'tomorrow' })).toMatch(/not an ISO 8601 time/);
    expect(await refusal({ env: NO_TOOLS, audienceFile: audience(), schedule: '2001-01-01T00:00:00Z' })).toMatch(/in the past/);
    expect(await refusal({ env: NO_TOOLS, audienceFile: audience(), campaign: '../etc' })).toMatch(/not a usable campaign id/);
    expect(await refusal({ env: NO_TOOLS, testTo: ['nobody'] })).toMatch(/--test-to: "nobody" is not usable/);
  });
});
