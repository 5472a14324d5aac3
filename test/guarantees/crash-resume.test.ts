/**
 * Crash and resume: a 5,000-recipient campaign through the real command
 * against the Resend stand-in, killed with SIGKILL (the whole process group)
 * at 25 seeded instants, each time re-run with the same command, then run to
 * completion. The kill instants cover: while the audience is imported (the
 * record's WAL growing, before any request), just after a batch request
 * reached the API, between a batch's request and its confirmation (the API
 * has processed it, its answer is held back), the moment an answer is sent
 * (the run is writing the confirmation), and arbitrary instants.
 *
 * After every kill: the record passes its invariants on a read-only
 * connection, no address has two deliveries at the stand-in, and everyone the
 * record calls delivered was delivered. At the end: every address exactly
 * once, the record's ids equal the stand-in's, the report equals what the
 * stand-in recorded.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResendStandIn, type StandIn } from '../support/resend-stand-in/index.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { API_KEY, ISSUE, recordProblems, runSend, expectNoSecretsAndCleanUp, sleep, startSend, UNSUBSCRIBE_SECRET, workspace, type Running } from './support/harness.ts';

const SEED = 20_241_125;
const KILLS = 25;
const ROWS = 5_000;
const CAMPAIGN = 'crash';

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startResendStandIn({ apiKey: API_KEY, recordBodies: false, slowMs: 400 });
});
afterAll(async () => {
  await standIn.close();
  expectNoSecretsAndCleanUp((leaks) => expect(leaks).toEqual([]));
});

type Kind = 'import' | 'after-request' | 'held-answer' | 'on-answer' | 'anytime';
const KINDS: readonly Kind[] = ['import', 'after-request', 'held-answer', 'on-answer', 'anytime'];

const batchRequests = () => standIn.requests.filter((r) => r.path === '/emails/batch');

/** Polls (every event-loop turn, so the stand-in keeps answering) until `condition` holds or the run ends. */
async function until(running: Running, condition: () => boolean, deadlineMs = 30_000): Promise<boolean> {
  let ended = false;
  void running.done.then(() => (ended = true));
  const stop = Date.now() + deadlineMs;
  while (!ended && Date.now() < stop) {
    if (condition()) return true;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return false;
}

/** The WAL's size and modification time: a checkpoint rewinds the WAL without shrinking it, so size alone misses writes. */
const walStamp = (db: string) => {
  if (!existsSync(`${db}-wal`)) return 'none';
  const stat = statSync(`${db}-wal`, { bigint: true });
  return `${stat.size}/${stat.mtimeNs}`;
};

describe('crash and resume', () => {
  it(`delivers ${ROWS.toLocaleString('en')} recipients exactly once through ${KILLS} kill -9s at seeded instants`, async () => {
    const started = Date.now();
    const random = seededRandom(SEED);
    const w = workspace(ROWS);
    const args = [ISSUE, '--audience', w.audience, '--db', w.db, '--campaign', CAMPAIGN];
    const env = { RESEND_API_KEY: API_KEY, RESEND_BASE_URL: standIn.url, UNSUBSCRIBE_SECRET, DISPATCH_RETRY_BASE_MS: '20', DISPATCH_REQUEST_TIMEOUT_MS: '5000' };
    // Paced, so time-based kills land a batch or two apart and 25 fit in 50 batches.
    standIn.setRateLimit(8);
    const log: string[] = [];
    let kills = 0;

    while (kills < KILLS) {
      const kind = KINDS[Math.floor(random() * KINDS.length)]!;
      const requestsBefore = batchRequests().length;
      const newRequests = () => batchRequests().slice(requestsBefore);
      const wal0 = walStamp(w.db);
      if (kind === 'held-answer') standIn.failNext(1, 'slow');
      const running = startSend(args, env);
      let reached = true;
      switch (kind) {
        case 'import':
          // The record is being written (the audience import) and nothing has been requested yet.
          reached = await until(running, () => walStamp(w.db) !== wal0 && newRequests().length === 0);
          break;
        case 'after-request': {
          const n = 1 + Math.floor(random() * 2);
          reached = await until(running, () => newRequests().length >= n);
          break;
        }
        case 'held-answer':
          // The API has processed the batch (its emails are recorded) but holds the answer.
          reached = await until(running, () => newRequests().some((r) => r.fault === 'slow' && r.status === null));
          if (reached) await sleep(Math.floor(random() * 200));
          break;
        case 'on-answer':
          // The first answer went out: the run is confirming the batch in the record.
          reached = await until(running, () => newRequests().some((r) => r.status === 200 && r.answeredAt !== null));
          break;
        case 'anytime': {
          reached = await until(running, () => newRequests().length >= 1);
          if (reached) await sleep(Math.floor(random() * 400));
          break;
        }
      }
      const finished = await running.kill();
      if (finished.signal !== 'SIGKILL') {
        // The run ended on its own before the kill: it must have completed the campaign.
        expect(finished.code, finished.stderr).toBe(0);
        log.push(`run ended before a ${kind} kill (${reached ? 'reached' : 'not reached'})`);
        break;
      }
      kills++;
      log.push(`kill ${kills}: ${kind} after ${finished.ms} ms, ${standIn.emails.length} delivered`);

      // After every kill: a consistent record, nobody twice, nobody recorded as sent who was not delivered.
      expect(recordProblems(w.db, CAMPAIGN), log.join('\n')).toEqual([]);
      const counts = standIn.countByRecipient();
      expect([...counts].filter(([, n]) => n > 1), log.join('\n')).toEqual([]);
      const db = new Database(w.db, { readonly: true, fileMustExist: true });
      try {
        const hasRecipients = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'recipients'`).get();
        const sent = (hasRecipients ? db.prepare(`SELECT email, delivery_id AS id FROM recipients WHERE state = 'sent'`).all() : []) as Array<{ email: string; id: string }>;
        const byAddress = new Map(standIn.emails.map((e) => [e.to[0]!, e.id]));
        expect(sent.filter((r) => byAddress.get(r.email) !== r.id)).toEqual([]);
      } finally {
        db.close();
      }
    }
    expect(kills, log.join('\n')).toBe(KILLS);

    // Re-run the same command until it completes.
    let final = await runSend(args, env);
    for (let again = 0; final.code !== 0 && again < 3; again++) final = await runSend(args, env);
    expect(final.code, final.stderr).toBe(0);

    const counts = standIn.countByRecipient();
    expect(counts.size).toBe(ROWS);
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
    expect(recordProblems(w.db, CAMPAIGN)).toEqual([]);

    // The record's ids are the stand-in's, address by address.
    const db = new Database(w.db, { readonly: true, fileMustExist: true });
    const recorded = db.prepare(`SELECT email, state, delivery_id AS id FROM recipients ORDER BY email`).all() as Array<{ email: string; state: string; id: string }>;
    db.close();
    const delivered = new Map(standIn.emails.map((e) => [e.to[0]!, e.id]));
    expect(recorded).toHaveLength(ROWS);
    expect(recorded.filter((r) => r.state !== 'sent' || delivered.get(r.email) !== r.id)).toEqual([]);

    // The final report equals what the stand-in recorded.
    const report = JSON.parse(readFileSync(w.report(CAMPAIGN), 'utf8'));
    expect(report.outcome).toBe('complete');
    expect(report.counts.sent).toBe(standIn.emails.length);
    expect(report.counts.failed + report.counts.inDoubt + report.counts.pending).toBe(0);
    expect(report.batches.inDoubt).toBe(0);
    expect(report.counts.sentThisRun + report.counts.alreadySent).toBe(ROWS);

    const kinds = Object.fromEntries(KINDS.map((k) => [k, log.filter((l) => l.includes(`: ${k} `)).length]));
    console.log(`crash suite: ${kills} kills ${JSON.stringify(kinds)}, ${batchRequests().length} batch requests, ${Date.now() - started} ms\n${log.join('\n')}`);
  }, 300_000);
});
