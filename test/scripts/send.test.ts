/**
 * `npm run send` as a user (or cron) runs it: a child process, against the
 * local Resend stand-in running in this test process. Covers exactly-once
 * after kill -9 at several points, pacing, faults, refusals, dry runs, test
 * sends and the outbox.
 *
 * tsx runs the script in a grandchild process, so kills go to the whole
 * process group (`detached` + `kill(-pid)`), as a real SIGKILL of the job would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startResendStandIn, type StandIn } from '../support/resend-stand-in/index.ts';
import { waitFor } from '../support/wait-for.ts';
import { SAMPLE_ISSUE as ISSUE } from '../support/content.ts';
import { runSend, startSend, type Finished, type Running } from '../support/run-script.ts';
import { workspace } from '../support/workspace.ts';
import { resendEnvFor } from '../support/resend-env.ts';
import { expectExactlyOnce } from '../support/exactly-once.ts';
import { recordProblems } from '../support/campaign-record.ts';

const SECRET = 'send-script-test-secret-0123456789';

/** Waits until `condition` holds (failing if the run ends first, or after a minute), then kills the run's process group. */
async function killWhen(running: Running, condition: () => boolean, what: string, delayMs = 0): Promise<Finished> {
  await waitFor(condition, what, { unless: running.done, everyMs: 2 });
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  return running.kill();
}

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startResendStandIn({ recordBodies: false });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

const resendEnv = resendEnvFor(() => standIn, { unsubscribeSecret: SECRET, retryBaseMs: 20 });

describe('npm run send (child process)', () => {
  it("runs the README's main command on nothing configured: one parseable .eml per subscriber, and a re-run resumes", async () => {
    const ws = workspace();
    // Exactly as a new user runs it: all preflight tools, nothing configured.
    const first = await runSend([ISSUE, '--audience', 'content/audiences/sample.csv', '--db', ws.db, '--outbox', ws.outbox], { DISPATCH_PREFLIGHT_TOOLS: undefined });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/warning: UNSUBSCRIBE_SECRET is not set/);
    const folder = path.join(ws.outbox, '2024-09-23-podcast-advocacy-updates');
    const files = readdirSync(folder).sort();
    expect(files).toHaveLength(5);
    const parsed = await simpleParser(readFileSync(path.join(folder, files[0]!)));
    expect(parsed.text).toContain('Salaam Amina');
    expect(parsed.html).toContain('Amina');
    const keys = parsed.headerLines.map((h) => h.key);
    for (const key of ['date', 'message-id', 'from', 'to', 'subject', 'list-unsubscribe', 'list-unsubscribe-post', 'mime-version', 'content-type']) expect(keys).toContain(key);
    const unsubscribe = parsed.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/\r?\n\s+/g, ' ');
    expect(unsubscribe).toMatch(/<https:\/\/www\.canadianmuslimpac\.ca\/newsletter\/unsubscribe\?token=[^>]+>, <mailto:unsubscribe@canadianmuslimpac\.ca\?subject=unsubscribe>/);
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')!.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toBe('amina.rahman@example.org');
    expect(parsed.subject).toBe('Watch New Podcast Episode & Advocacy Updates!');

    const second = await runSend([ISSUE, '--audience', 'content/audiences/sample.csv', '--db', ws.db, '--outbox', ws.outbox], {});
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Nothing to send: all 5 recipients/);
    expect(readdirSync(folder)).toHaveLength(5);
  });

  it('delivers exactly once after kill -9 at several points, each followed by the same command', async () => {
    const rows = 1_200;
    const ws = workspace(rows);
    const args = [ISSUE, '--audience', ws.audience, '--db', ws.db, '--campaign', 'killed'];
    standIn.setRateLimit(6);
    const emailsNow = () => standIn.emails.length;

    // 1. Just after the second batch request reached the API.
    let killed = await killWhen(startSend(args, resendEnv()), () => standIn.requests.filter((r) => r.path === '/emails/batch').length >= 2, 'the second batch request');
    expect(killed.signal, JSON.stringify(killed)).toBe('SIGKILL');
    expect(recordProblems(ws.db, 'killed')).toEqual([]);

    // 2. Between a batch's request and its confirmation: the API has it, the answer is held back.
    standIn.failNext(1, 'hold');
    killed = await killWhen(startSend(args, resendEnv()), () => standIn.requests.some((r) => r.fault === 'hold' && r.status === null), 'a batch processed with its answer held back');
    expect(killed.signal, JSON.stringify(killed)).toBe('SIGKILL');
    expect(standIn.requests.find((r) => r.fault === 'hold')!.status).toBeNull();
    // The answer goes out to nobody; the key keeps it for the resume.
    expect(standIn.releaseHeldAnswers()).toBe(1);
    expect(recordProblems(ws.db, 'killed')).toEqual([]);

    // 3. At an arbitrary instant while batches are flowing (likely mid-write).
    const sentBefore3 = emailsNow();
    killed = await killWhen(startSend(args, resendEnv()), () => emailsNow() >= sentBefore3 + 150, '150 more emails', 37);
    expect(killed.signal, JSON.stringify(killed)).toBe('SIGKILL');
    expect(recordProblems(ws.db, 'killed')).toEqual([]);

    const final = await runSend(args, resendEnv());
    expect(final.code, final.stderr).toBe(0);
    expectExactlyOnce(standIn, rows);
    expect(standIn.requests.filter((r) => r.status === 429)).toHaveLength(0);
    const report = JSON.parse(readFileSync(path.join(ws.dir, 'record', 'killed.resend.report.json'), 'utf8'));
    expect(report.outcome).toBe('complete');
    expect(report.counts.sent).toBe(standIn.emails.length);
    expect(recordProblems(ws.db, 'killed')).toEqual([]);
  });

  it('paces to the rate limit the API reports, without a single 429', async () => {
    const rows = 1_000;
    const ws = workspace(rows);
    standIn.setRateLimit(4);
    const started = Date.now();
    const result = await runSend([ISSUE, '--audience', ws.audience, '--db', ws.db], resendEnv());
    expect(result.code, result.stderr).toBe(0);
    expectExactlyOnce(standIn, rows);
    const batchRequests = standIn.requests.filter((r) => r.path === '/emails/batch');
    expect(batchRequests).toHaveLength(10);
    expect(batchRequests.filter((r) => r.status === 429)).toHaveLength(0);
    // No more than 4 arrivals in any one-second window.
    const times = batchRequests.map((r) => r.time).sort((a, b) => a - b);
    for (let i = 4; i < times.length; i++) expect(times[i]! - times[i - 4]!).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThan(1000);
  });

  it('recovers from injected 500s, 503s, dropped connections and lost answers', async () => {
    const rows = 1_000;
    const ws = workspace(rows);
    standIn.setFaults({ rate: 0.35, kinds: [500, 503, 'drop', 'lost'], seed: 11 });
    const result = await runSend([ISSUE, '--audience', ws.audience, '--db', ws.db, '--verbose'], resendEnv());
    expect(result.code, result.stderr).toBe(0);
    expect(standIn.requests.some((r) => r.fault !== undefined)).toBe(true);
    expect(result.stderr).toMatch(/attempt 1 failed/);
    expectExactlyOnce(standIn, rows);
  });

  it('a disk that fills after batches were accepted: exit 1 (not 2), the last line gives the counts and says to run the same command, which finishes exactly once', async () => {
    const rows = 2_000;
    const ws = workspace(rows);
    const args = [ISSUE, '--audience', ws.audience, '--db', ws.db, '--campaign', 'full'];
    // No file may grow past 1 MB: the imported audience fits in the record, the send's own writes soon do not
    // (SQLite's write fails as on a full disk). Where exactly does not matter: after some batches, before the last.
    const full = await runSend(args, resendEnv(), { maxFileBytes: 1_000_000 });
    const accepted = standIn.emails.length;
    expect(accepted, full.stderr).toBeGreaterThan(0);
    expect(accepted, full.stderr).toBeLessThan(rows);
    expect(full.code, full.stderr).toBe(1);
    const last = full.stderr.trim().split('\n').at(-1)!;
    expect(last).toContain(`${ws.db}: `);
    expect(last).toContain(`; ${accepted.toLocaleString('en')} of 2,000 emails accepted by Resend, `);
    expect(last).toMatch(/run the same command again \(same --campaign\) to finish/);
    expect(full.stderr).not.toMatch(/report it|\n\s+at /);

    const resumed = await runSend(args, resendEnv());
    expect(resumed.code, resumed.stderr).toBe(0);
    expectExactlyOnce(standIn, rows);
    expect(recordProblems(ws.db, 'full')).toEqual([]);
  });

  it('stops on a 422 with a clear message, no stack trace, exit 2, nothing sent', async () => {
    const ws = workspace(150);
    standIn.setPermanentError(422);
    const result = await runSend([ISSUE, '--audience', ws.audience, '--db', ws.db], resendEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/The API answered 422 validation_error: /);
    expect(result.stderr).toMatch(/What to do: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(standIn.emails).toHaveLength(0);
    expect(standIn.requests.filter((r) => r.path === '/emails/batch')).toHaveLength(1);
  });

  it('refuses a second concurrent run of the same campaign', async () => {
    const ws = workspace(300);
    const args = [ISSUE, '--audience', ws.audience, '--db', ws.db];
    // The API holds the first answer until the second run is done, so the first run holds the lock that long.
    standIn.failNext(1, 'hold');
    const first = startSend(args, resendEnv());
    await waitFor(() => standIn.requests.some((r) => r.fault === 'hold'), "the first run's first batch to reach the API", { unless: first.done });
    const second = await runSend(args, resendEnv());
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toMatch(/being sent right now by another run/);
    expect(standIn.releaseHeldAnswers()).toBe(1);
    const done = await first.done;
    expect(done.code, done.stderr).toBe(0);
    expectExactlyOnce(standIn, 300);
  });

  it('--dry-run and --test-to send nothing to the campaign', async () => {
    const ws = workspace(250);
    const dry = await runSend([ISSUE, '--audience', ws.audience, '--db', ws.db, '--dry-run'], resendEnv());
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/to send: {3}250 emails in 3 batches/);
    expect(standIn.requests).toHaveLength(0);

    const test = await runSend([ISSUE, '--audience', ws.audience, '--db', ws.db, '--test-to', 'user3@example.org,checker@example.net'], resendEnv());
    expect(test.code, test.stderr).toBe(0);
    expect([...standIn.countByRecipient().keys()].sort()).toEqual(['checker@example.net', 'user3@example.org']);
    expect(standIn.emails.every((e) => e.subject.startsWith('[TEST] '))).toBe(true);

    const real = await runSend([ISSUE, '--audience', ws.audience, '--db', ws.db], resendEnv());
    expect(real.code, real.stderr).toBe(0);
    expect(standIn.deliveriesTo('user3@example.org').map((e) => e.subject.startsWith('[TEST]'))).toEqual([true, false]);
  });

  it('reports usage errors in one line with exit 2', async () => {
    const missing = await runSend([ISSUE], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^error: --audience is required \(/);
    const unknown = await runSend([ISSUE, '--audience', 'x.csv', '--bogus'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/usage: dispatch send/);
  });
});
