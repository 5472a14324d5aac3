/**
 * Faults: with 10% of requests failing in every way the stand-in knows (500,
 * 503, dropped connection, an answer slower than the client's timeout, an
 * answer lost after the batch was accepted), a 5,000-recipient campaign
 * through the real command completes exactly once, in at most 1.5 times the
 * fault-free time at the same rate limit (both measured here). A permanent
 * 401, 403 or 422 stops the run within one batch with the API's message;
 * the next run after the cause is fixed resumes and completes exactly once.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useStandInSuite } from './support/stand-in-suite.ts';
import { ISSUE, recordProblems, runSend, startSend, workspace } from './support/harness.ts';
import { waitFor } from '../support/wait-for.ts';

const ROWS = 5_000;
const RATE = 10;

const suite = useStandInSuite({
  recordBodies: false,
  // A `slow` answer (1.5 s) outlasts the client's timeout (0.6 s): tested in seconds, not minutes.
  env: { DISPATCH_REQUEST_TIMEOUT_MS: '600', DISPATCH_RETRY_BASE_MS: '50', DISPATCH_RETRY_MAX_MS: '800' },
});
const { env } = suite;

const batchRequests = () => suite.standIn.requests.filter((r) => r.path === '/emails/batch');

/** From the first batch request's arrival to the last answer: the part of a run the rate limit governs. */
function sendingMs(): number {
  const requests = batchRequests();
  const first = Math.min(...requests.map((r) => r.time));
  const last = Math.max(...requests.map((r) => r.answeredAt ?? r.time));
  return last - first;
}

function expectExactlyOnce(rows: number): void {
  const counts = suite.standIn.countByRecipient();
  expect(counts.size).toBe(rows);
  expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
}

describe('transient faults', () => {
  it(`10% of requests failing: ${ROWS.toLocaleString('en')} recipients exactly once, in at most 1.5× the fault-free time at ${RATE} requests/s`, async () => {
    // Without faults.
    const clean = workspace(ROWS);
    suite.standIn.setRateLimit(RATE);
    const cleanRun = await runSend([ISSUE, '--audience', clean.audience, '--db', clean.db, '--campaign', 'clean'], env());
    expect(cleanRun.code, cleanRun.stderr).toBe(0);
    expectExactlyOnce(ROWS);
    const cleanMs = sendingMs();
    const cleanRequests = batchRequests().length;

    // With faults, same rate limit. Seed 3 draws 6 faults in the first 52 requests, every kind among the first 40.
    suite.standIn.reset();
    suite.standIn.setRateLimit(RATE);
    suite.standIn.setFaults({ rate: 0.1, kinds: [500, 503, 'drop', 'slow', 'lost'], seed: 3, slowMs: 1_500 });
    const faulty = workspace(ROWS);
    const faultyRun = await runSend([ISSUE, '--audience', faulty.audience, '--db', faulty.db, '--campaign', 'faulty', '--verbose'], env());
    expect(faultyRun.code, faultyRun.stderr).toBe(0);
    expectExactlyOnce(ROWS);
    const faultyMs = sendingMs();
    const faults = suite.standIn.requests.filter((r) => r.fault !== undefined);
    const kinds = new Set(faults.map((r) => String(r.fault)));
    expect([...kinds].sort()).toEqual(['500', '503', 'drop', 'lost', 'slow']);
    expect(faultyRun.stderr).toMatch(/attempt 1 failed/);
    expect(recordProblems(faulty.db, 'faulty')).toEqual([]);
    const report = JSON.parse(readFileSync(faulty.report('faulty'), 'utf8'));
    expect(report.outcome).toBe('complete');
    expect(report.counts.sent).toBe(suite.standIn.emails.length);
    console.log(
      `faults: clean ${cleanMs} ms (${cleanRequests} requests, command ${cleanRun.ms} ms); with ${faults.length} faults (${[...kinds].join(', ')}) ${faultyMs} ms ` +
        `(${batchRequests().length} requests, command ${faultyRun.ms} ms): ${(faultyMs / cleanMs).toFixed(2)}×`,
    );
    expect(faultyMs).toBeLessThanOrEqual(cleanMs * 1.5);
    expect(faultyRun.ms).toBeLessThanOrEqual(cleanRun.ms * 1.5);
  }, 180_000);
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
    expectExactlyOnce(rows);
  }, 60_000);
});
