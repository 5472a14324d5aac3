/**
 * Faults, at default settings: with 10% of requests failing in every way the
 * stand-in knows (500, 503, dropped connection, an answer 1.5 s late, an
 * answer lost after the batch was accepted) and two answers that never come
 * (the stall proxy swallows them), a 5,000-recipient campaign through the real
 * command completes exactly once, in at most 2.5 times the fault-free time at
 * the same rate limit (measured: 2.01× on an idle machine, where the clean run
 * is 5.0 s; the 1.5× this suite once claimed held only at tuned settings, a
 * 600 ms limit and 50/800 ms backoff, and without stalls). Clean and faulty runs alternate over three rounds in
 * this one process and the medians are compared, so load on the machine falls
 * on both. No DISPATCH_* tuning is set: the request limit follows the answers
 * (src/deliver/timeout.ts) and backoff starts at 500 ms.
 * A permanent 401, 403 or 422 stops the run within one batch with the API's
 * message; the next run after the cause is fixed resumes and completes
 * exactly once.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useStandInSuite } from '../support/stand-in-suite.ts';
import { startStallProxy, type StallProxy } from '../support/stall-proxy.ts';
import { SAMPLE_ISSUE as ISSUE } from '../support/content.ts';
import { runSend, startSend } from '../support/run-script.ts';
import { workspace } from '../support/workspace.ts';
import { recordProblems } from '../support/campaign-record.ts';
import { expectExactlyOnce } from '../support/exactly-once.ts';
import { waitFor } from '../support/wait-for.ts';

const ROWS = 5_000;
const RATE = 10;
const ROUNDS = 3;
/** The most the faulty run's median may take, in clean medians, at default settings. */
const RATIO = 2.5;
/**
 * The batch requests (through the proxy, retries counted) whose answer never comes, in the first two thirds of
 * the campaign: there the other batches go on while each waits out its limit. One in the last seconds adds
 * its limit and a backoff to the run (a stall at request 40 of 56 added about 2.5 s).
 */
const STALL_AT = [15, 27];
/** What an answer that never comes cost before the limit followed the answers: DISPATCH_REQUEST_TIMEOUT_MS's default. */
const DEFAULT_REQUEST_LIMIT_MS = 30_000;

/** Every tuning variable blank: the defaults, whatever the suite or the environment would set. */
const DEFAULTS: NodeJS.ProcessEnv = {
  DISPATCH_REQUEST_TIMEOUT_MS: '',
  DISPATCH_RETRY_BASE_MS: '',
  DISPATCH_RETRY_MAX_MS: '',
  DISPATCH_MAX_ATTEMPTS: '',
  DISPATCH_MAX_IN_FLIGHT: '',
};

const suite = useStandInSuite({ recordBodies: false, env: DEFAULTS });
const { env } = suite;

let proxy: StallProxy;
beforeAll(async () => {
  proxy = await startStallProxy(suite.standIn.url);
});
afterAll(() => proxy.close());

const batchRequests = () => suite.standIn.requests.filter((r) => r.path === '/emails/batch');

/** From the first batch request's arrival to the last answer: the part of a run the rate limit governs. */
function sendingMs(): number {
  const requests = batchRequests();
  const first = Math.min(...requests.map((r) => r.time));
  const last = Math.max(...requests.map((r) => r.answeredAt ?? r.time));
  return last - first;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

type Measured = Readonly<{ sendingMs: number; commandMs: number; requests: number }>;

/** One campaign through the proxy, with or without faults; checks it completed exactly once. */
async function oneRun(campaign: string, faulty: boolean): Promise<Measured> {
  suite.standIn.reset();
  suite.standIn.setRateLimit(RATE);
  proxy.reset(faulty ? STALL_AT : []);
  // Seed 3 draws its faults among the first 40 requests (drop, slow, slow, lost, 500, 503), one more later.
  if (faulty) suite.standIn.setFaults({ rate: 0.1, kinds: [500, 503, 'drop', 'slow', 'lost'], seed: 3, slowMs: 1_500 });
  const w = workspace(ROWS);
  const run = await runSend([ISSUE, '--audience', w.audience, '--db', w.db, '--campaign', campaign, ...(faulty ? ['--verbose'] : [])], env({ RESEND_BASE_URL: proxy.url }));
  expect(run.code, run.stderr).toBe(0);
  expectExactlyOnce(suite.standIn, ROWS);
  expect(recordProblems(w.db, campaign)).toEqual([]);
  const report = JSON.parse(readFileSync(w.report(campaign), 'utf8'));
  expect(report.outcome).toBe('complete');
  expect(report.counts.sent).toBe(suite.standIn.emails.length);
  if (faulty) {
    const kinds = new Set(suite.standIn.requests.filter((r) => r.fault !== undefined).map((r) => String(r.fault)));
    expect([...kinds].sort()).toEqual(['500', '503', 'drop', 'lost', 'slow']);
    expect(run.stderr).toMatch(/attempt 1 failed/);
    // Each answer that never came was given up and its batch sent again with the same key.
    expect(proxy.stalled.map((s) => s.index)).toEqual(STALL_AT);
    expect(run.stderr).toMatch(/attempt \d+ failed \(no answer timeout: no answer within \d+\.\d s\)/);
    for (const stall of proxy.stalled) {
      const again = batchRequests().filter((r) => r.idempotencyKey === stall.idempotencyKey && r.time > stall.time);
      expect(again.length, `batch request ${stall.index} was never sent again`).toBeGreaterThanOrEqual(1);
      // Accepted in the end; and if the API had accepted it before (the stall swallowed a 200), as a replay, not a second copy.
      const withKey = batchRequests().filter((r) => r.idempotencyKey === stall.idempotencyKey);
      expect(withKey.at(-1)).toMatchObject({ status: 200 });
      if (withKey.slice(0, -1).some((r) => r.status === 200)) expect(withKey.at(-1)!.replayed).toBe(true);
      // Given up in seconds, not after the 30 s the request limit used to be.
      expect(again[0]!.time - stall.time).toBeLessThan(DEFAULT_REQUEST_LIMIT_MS);
    }
  }
  return { sendingMs: sendingMs(), commandMs: run.ms, requests: batchRequests().length };
}

describe('transient faults at default settings', () => {
  it(`10% of requests failing and two answers that never come: ${ROWS.toLocaleString('en')} recipients exactly once, in at most ${RATIO}× the fault-free time at ${RATE} requests/s (median of ${ROUNDS} alternating rounds)`, async () => {
    const clean: Measured[] = [];
    const faulty: Measured[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate which goes first, so a change of load during the test falls on both alike.
      const order = round % 2 === 1 ? [false, true] : [true, false];
      for (const withFaults of order) {
        const measured = await oneRun(`${withFaults ? 'faulty' : 'clean'}-${round}`, withFaults);
        (withFaults ? faulty : clean).push(measured);
      }
    }
    const line = (runs: Measured[]) => runs.map((r) => `${r.sendingMs} ms/${r.requests} requests/command ${r.commandMs} ms`).join('; ');
    const sendingRatio = median(faulty.map((r) => r.sendingMs)) / median(clean.map((r) => r.sendingMs));
    const commandRatio = median(faulty.map((r) => r.commandMs)) / median(clean.map((r) => r.commandMs));
    console.log(`faults at default settings: clean ${line(clean)}\nwith faults ${line(faulty)}\nmedians: sending ${sendingRatio.toFixed(2)}×, command ${commandRatio.toFixed(2)}×`);
    expect(sendingRatio).toBeLessThanOrEqual(RATIO);
    expect(commandRatio).toBeLessThanOrEqual(RATIO);
  }, 900_000);
});

describe('permanent errors', () => {
  it.each([
    [401, /401 missing_api_key|401 \w+/, /RESEND_API_KEY/],
    [403, /403 invalid_api_key|403 \w+/, /RESEND_API_KEY/],
    [422, /422 validation_error/, /fix what the message names/],
  ] as const)('%i stops within one batch with the API message; the next run after the fix resumes exactly once', async (status, answer, hint) => {
    const rows = 1_000;
    const w = workspace(rows);
    const args = [ISSUE, '--audience', w.audience, '--db', w.db, '--campaign', `permanent-${status}`];
    suite.standIn.setRateLimit(RATE);
    const running = startSend(args, env());
    // Let three batches through, then every answer is the permanent error.
    await waitFor(() => suite.standIn.emails.length >= 300, 'three batches delivered', { unless: running.done, everyMs: 2 });
    suite.standIn.setPermanentError(status);
    const stopped = await running.done;
    expect(stopped.code, stopped.stderr).toBe(1); // some were delivered, the rest failed
    expect(stopped.stderr).toMatch(answer);
    expect(stopped.stderr).toMatch(hint);
    expect(stopped.stderr).not.toMatch(/\n\s+at /);
    const refused = batchRequests().filter((r) => r.status === status);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    const firstRefusal = Math.min(...refused.map((r) => r.answeredAt ?? r.time));
    // Within one batch: at most one request (already on its way) after the first refusal.
    expect(batchRequests().filter((r) => r.time > firstRefusal).length).toBeLessThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(2);
    const delivered = suite.standIn.emails.length;
    expect(delivered).toBeLessThan(rows);
    const report = JSON.parse(readFileSync(w.report(`permanent-${status}`), 'utf8'));
    expect(report.stoppedBy.status).toBe(status);
    expect(report.counts.sent).toBe(delivered);
    expect(recordProblems(w.db, `permanent-${status}`)).toEqual([]);

    suite.standIn.setPermanentError(null);
    const resumed = await runSend(args, env());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`Done: ${rows.toLocaleString('en')} emails sent (${(rows - delivered).toLocaleString('en')} this run, ${delivered} earlier)`);
    expectExactlyOnce(suite.standIn, rows);
  }, 60_000);
});
