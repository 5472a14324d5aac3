/**
 * Crash and resume: a 5,000-recipient campaign through the real command
 * against the Resend stand-in, killed with SIGKILL (the whole process group)
 * 25 times at seeded moments spread over the whole send, then run once more.
 *
 * Kills land on events, not after delays: the run stops dead at a named
 * moment (src/campaign/moments.ts: DISPATCH_TEST_PAUSE_AT) and is killed
 * there, or the stand-in holds a batch's answer until the kill. The moments:
 * the audience import between and inside its transactions (it commits every
 * 1,000 rows here), a batch planned, a batch marked sent before its request,
 * a batch the API accepted before the record says so, a batch confirmed
 * (the last one too), an answer the API holds, the report written, the lock
 * released. Each kill checks the record shows that moment. Twice a run is
 * stopped with SIGTERM instead (it must exit 0 or 1 by itself).
 *
 * After every run: the record passes its invariants on a read-only
 * connection, no address has two deliveries at the stand-in, everyone the
 * record calls delivered was delivered with the id recorded, no batch the
 * record had confirmed was requested again, and every answer the stand-in
 * replayed from its idempotency keys was for a batch the record had in doubt.
 * At the end: every address exactly once, the record's ids equal the
 * stand-in's, the report equals what the stand-in recorded.
 *
 * The second part takes the stand-in's memory of keys away (Resend keeps
 * them 24 hours): what the record alone must carry.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResendStandIn, type StandIn } from '../support/resend-stand-in/index.ts';
import type { RecordedRequest } from '../support/resend-stand-in/state.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { waitFor } from '../support/wait-for.ts';
import { SAMPLE_ISSUE as ISSUE } from '../support/content.ts';
import { API_KEY, expectNoSecretsAndCleanUp, UNSUBSCRIBE_SECRET } from '../support/secret-scan.ts';
import { runSend, startSend, type Finished, type Running } from '../support/run-script.ts';
import { workspace, type Workspace } from '../support/workspace.ts';
import { recordProblems } from '../support/campaign-record.ts';
import { resendEnv } from '../support/resend-env.ts';

const SEED = 20_241_125;
const ROWS = 5_000;
/** Rows per import transaction (DISPATCH_TEST_IMPORT_ROWS): the audience spans five. */
const IMPORT_ROWS = 1_000;
const BATCHES = ROWS / 100;
const CAMPAIGN = 'crash';

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startResendStandIn({ apiKey: API_KEY, recordBodies: false });
});
afterAll(async () => {
  await standIn.close();
  expectNoSecretsAndCleanUp((leaks) => expect(leaks).toEqual([]));
});

const baseEnv = (url: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv =>
  resendEnv({ apiKey: API_KEY, url }, { unsubscribeSecret: UNSUBSCRIBE_SECRET, retryBaseMs: 20, env: { DISPATCH_TEST_IMPORT_ROWS: String(IMPORT_ROWS) } }, extra);

// ── the record, read-only ───────────────────────────────────────────────

type Batch = Readonly<{ seq: number; key: string; state: string }>;
type Snapshot = Readonly<{
  /** The latest run's number (0 before the first run began). */
  run: number;
  /** Recipients the latest run's import has committed. */
  imported: number;
  batches: readonly Batch[];
  locked: boolean;
  /** The process holding the lock (the run itself, not its tsx wrapper). */
  lockPid: number | null;
  runFinished: boolean;
  /** Address → delivery id, for recipients the record calls sent. */
  sent: ReadonlyMap<string, string>;
}>;

const EMPTY: Snapshot = { run: 0, imported: 0, batches: [], locked: false, lockPid: null, runFinished: false, sent: new Map() };

function snapshot(db: string, campaign: string): Snapshot {
  if (!existsSync(db)) return EMPTY;
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    if (!d.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'campaigns'`).get()) return EMPTY;
    const c = d.prepare(`SELECT pk, lock_token, lock_pid FROM campaigns WHERE id = ? AND transport = 'resend'`).get(campaign) as
      | { pk: number; lock_token: string | null; lock_pid: number | null }
      | undefined;
    if (!c) return EMPTY;
    const latest = d.prepare('SELECT run, finished_at FROM runs WHERE campaign = ? ORDER BY run DESC LIMIT 1').get(c.pk) as { run: number; finished_at: string | null } | undefined;
    const run = latest?.run ?? 0;
    return {
      run,
      imported: (d.prepare('SELECT count(*) AS n FROM recipients WHERE campaign = ? AND seen_run = ?').get(c.pk, run) as { n: number }).n,
      batches: d.prepare('SELECT seq, idempotency_key AS key, state FROM batches WHERE campaign = ? ORDER BY seq').all(c.pk) as Batch[],
      locked: c.lock_token !== null,
      lockPid: c.lock_pid,
      runFinished: latest?.finished_at != null,
      sent: new Map((d.prepare(`SELECT email, delivery_id AS id FROM recipients WHERE campaign = ? AND state = 'sent'`).all(c.pk) as Array<{ email: string; id: string }>).map((r) => [r.email, r.id])),
    };
  } finally {
    d.close();
  }
}

const keysIn = (s: Snapshot, state: string) => new Set(s.batches.filter((b) => b.state === state).map((b) => b.key));

// ── runs that wait at their gate ────────────────────────────────────────

type Gated = Running & Readonly<{ pipe: string }>;

/** Starts a run that loads and renders, then waits at its gate (a named pipe) before it touches the record. */
function startGated(w: Workspace, args: readonly string[], env: NodeJS.ProcessEnv, name: string): Gated {
  const pipe = path.join(w.dir, `gate-${name}`);
  execFileSync('mkfifo', ['-m', '600', pipe]);
  return { ...startSend(args, { ...env, DISPATCH_TEST_GATE: pipe }), pipe };
}

/** Lets a gated run go on, with a pause (`moment:n`) or `go`. */
async function openGate(gated: Gated, line: string): Promise<void> {
  let fd = -1;
  // A non-blocking open for writing succeeds only once the run has the pipe open for reading.
  const tryOpen = () => {
    try {
      fd = openSync(gated.pipe, constants.O_WRONLY | constants.O_NONBLOCK);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENXIO') return false;
      throw error;
    }
  };
  await waitFor(tryOpen, `the run to reach its gate (${gated.output()})`, { unless: gated.done });
  try {
    writeSync(fd, `${line}\n`);
  } finally {
    closeSync(fd);
  }
}

// ── the kill plan ───────────────────────────────────────────────────────

type Kind =
  | 'import-commit'
  | 'import-mid'
  | 'batch-planned'
  | 'attempt-marked'
  | 'answered'
  | 'batch-confirmed'
  | 'held-answer'
  | 'report-written'
  | 'lock-released'
  | 'sigterm';
type Step = Readonly<{ kind: Kind; /** import: the row; batch moments: the batch (in campaign order) to stop at. */ at?: number }>;

/**
 * 25 kills and 2 SIGTERMs, seeded: batch moments at rising points of the
 * campaign ending with the last batch confirmed, import kills anywhere
 * (every run imports the audience), then the report and the lock, which a
 * run reaches only once nothing is left to send.
 */
function plan(random: () => number): Step[] {
  const take = <T,>(items: T[]): T => items.splice(Math.floor(random() * items.length), 1)[0]!;
  const shuffled = <T,>(items: T[]): T[] => {
    const pool = [...items];
    return items.map(() => take(pool));
  };
  const targeted = shuffled<Kind>([...Array<Kind>(2).fill('batch-planned'), ...Array<Kind>(3).fill('attempt-marked'), ...Array<Kind>(3).fill('answered'), ...Array<Kind>(4).fill('batch-confirmed')]);
  // Distinct rising points, far enough from the end that every moment is still ahead (batches in doubt go first).
  const points = new Set<number>();
  while (points.size < targeted.length) points.add(2 + Math.floor(random() * (BATCHES - 8)));
  const sorted = [...points].sort((a, b) => a - b);
  const steps: Step[] = targeted.map((kind, i) => ({ kind, at: sorted[i]! }));
  for (const kind of ['held-answer', 'held-answer', 'sigterm', 'sigterm'] as const) steps.splice(Math.floor(random() * (steps.length + 1)), 0, { kind });
  steps.push({ kind: 'batch-confirmed', at: BATCHES });
  steps.push(...shuffled<Step>([{ kind: 'report-written' }, { kind: 'report-written' }, { kind: 'lock-released' }, { kind: 'lock-released' }]));
  for (let i = 0; i < 6; i++) {
    const transaction = 1 + Math.floor(random() * (ROWS / IMPORT_ROWS - 1));
    const at = i % 2 === 0 ? transaction * IMPORT_ROWS : transaction * IMPORT_ROWS + 1 + Math.floor(random() * (IMPORT_ROWS - 1));
    steps.splice(Math.floor(random() * (steps.length + 1)), 0, { kind: i % 2 === 0 ? 'import-commit' : 'import-mid', at });
  }
  return steps;
}

const MOMENT: Partial<Record<Kind, string>> = {
  'import-commit': 'import-row',
  'import-mid': 'import-row',
  'batch-planned': 'batch-planned',
  'attempt-marked': 'attempt-marked',
  answered: 'answered',
  'batch-confirmed': 'batch-confirmed',
  'report-written': 'report-written',
  'lock-released': 'lock-released',
};

describe('crash and resume', () => {
  it(`delivers ${ROWS.toLocaleString('en')} recipients exactly once through 25 kill -9s at seeded moments of the whole send`, async () => {
    const started = Date.now();
    const steps = plan(seededRandom(SEED));
    expect(steps.filter((s) => s.kind !== 'sigterm')).toHaveLength(25);
    const w = workspace(ROWS);
    const args = [ISSUE, '--audience', w.audience, '--db', w.db, '--campaign', CAMPAIGN];
    const env = baseEnv(standIn.url);
    const log: string[] = [];
    const context = () => log.join('\n');
    const batchRequests = () => standIn.requests.filter((r) => r.path === '/emails/batch');
    let replays = 0;

    // The next run loads and renders while the test still kills this one; it waits at its gate.
    let next = startGated(w, args, env, '0');
    let running: Gated = next;
    try {
      for (const [i, step] of steps.entries()) {
        const before = snapshot(w.db, CAMPAIGN);
        const confirmedBefore = keysIn(before, 'confirmed');
        const inDoubtBefore = keysIn(before, 'sent');
        const requestsBefore = batchRequests().length;
        const thisRun = (): RecordedRequest[] => batchRequests().slice(requestsBefore);
        const moment = MOMENT[step.kind];
        // Which occurrence of the moment: an import row by number, a batch moment counted from what is confirmed.
        const n = step.kind.startsWith('import') ? step.at! : step.at !== undefined ? Math.max(1, step.at - confirmedBefore.size) : 1;
        if (step.kind === 'held-answer' || step.kind === 'sigterm') standIn.failNext(1, 'hold');

        running = next;
        await openGate(running, moment ? `${moment}:${n}` : 'go');
        const opened = Date.now();
        next = startGated(w, args, env, String(i + 1));

        let finished: Finished;
        if (step.kind === 'sigterm') {
          // While the API holds the run's first answer (so it cannot have finished), a service manager's SIGTERM,
          // to the run itself (its tsx wrapper would pass it on, and kill it if the run is slow to acknowledge).
          await waitFor(() => thisRun().some((r) => r.fault === 'hold'), 'a batch whose answer the API holds', { unless: running.done });
          process.kill(snapshot(w.db, CAMPAIGN).lockPid!, 'SIGTERM');
          await waitFor(() => running.output().includes('Stopping after the batches in flight'), 'the run to say it stops', { unless: running.done });
          expect(standIn.releaseHeldAnswers()).toBe(1);
          finished = await running.done;
          expect(finished.code, `${finished.stdout}\n${finished.stderr}`).toBe(1);
        } else if (step.kind === 'held-answer') {
          await waitFor(() => thisRun().some((r) => r.fault === 'hold'), 'a batch whose answer the API holds', { unless: running.done });
          const held = thisRun().find((r) => r.fault === 'hold')!;
          expect(held.status).toBeNull();
          finished = await running.kill();
          // The API had processed it; the answer goes out to nobody, and the key keeps it for the resume.
          expect(standIn.releaseHeldAnswers()).toBe(1);
          expect(keysIn(snapshot(w.db, CAMPAIGN), 'sent').has(held.idempotencyKey!), `${context()}\nthe held batch is in doubt in the record`).toBe(true);
        } else {
          const line = `dispatch-test-moment ${moment} ${n}`;
          await waitFor(() => running.output().includes(line), `${line} (run ${i + 1}: ${step.kind})`, { unless: running.done });
          finished = await running.kill();
        }
        if (step.kind !== 'sigterm') expect(finished.signal, `${finished.stdout}\n${finished.stderr}`).toBe('SIGKILL');

        // The moment the kill hit, as the record shows it.
        const after = snapshot(w.db, CAMPAIGN);
        const report = () => JSON.parse(readFileSync(w.report(CAMPAIGN), 'utf8')) as { run: number; outcome: string };
        const why = `${context()}\nrun ${i + 1}: ${step.kind}${moment ? ` ${n}` : ''}`;
        switch (step.kind) {
          case 'import-commit':
          case 'import-mid':
            // Committed: the whole transactions before row n (and row n itself when it closes one); the open one is gone.
            expect(after.imported, why).toBe(Math.floor(n / IMPORT_ROWS) * IMPORT_ROWS);
            expect(thisRun(), why).toEqual([]);
            break;
          case 'batch-planned':
            expect(after.batches.some((b) => b.state === 'planned' && !standIn.requests.some((r) => r.idempotencyKey === b.key)), why).toBe(true);
            break;
          case 'attempt-marked':
            expect(after.batches.some((b) => b.state === 'sent' && !thisRun().some((r) => r.idempotencyKey === b.key)), why).toBe(true);
            break;
          case 'answered':
            expect(after.batches.some((b) => b.state === 'sent' && thisRun().some((r) => r.idempotencyKey === b.key && r.status === 200)), why).toBe(true);
            break;
          case 'batch-confirmed':
            expect(keysIn(after, 'confirmed').size, why).toBe(confirmedBefore.size + n);
            if (step.at === BATCHES) expect(after.sent.size, `${why}: the last batch`).toBe(ROWS);
            break;
          case 'report-written':
            expect([report().run, after.locked], why).toEqual([after.run, true]);
            break;
          case 'lock-released':
            expect([report().run, after.locked, after.runFinished], why).toEqual([after.run, false, true]);
            break;
          case 'sigterm':
            expect([report().run, report().outcome, after.locked], why).toEqual([after.run, 'interrupted', false]);
            break;
        }

        // After every run: a consistent record, nobody twice, nobody recorded as sent who was not delivered.
        expect(recordProblems(w.db, CAMPAIGN), why).toEqual([]);
        expect([...standIn.countByRecipient()].filter(([, count]) => count > 1), why).toEqual([]);
        const delivered = new Map(standIn.emails.map((e) => [e.to[0]!, e.id]));
        expect([...after.sent].filter(([email, id]) => delivered.get(email) !== id), why).toEqual([]);
        // Exactly once rests on the record for what it confirmed, and on the API's keys only for what it had in doubt.
        expect(thisRun().filter((r) => confirmedBefore.has(r.idempotencyKey!)), `${why}: confirmed batches requested again`).toEqual([]);
        const replayed = thisRun().filter((r) => r.replayed);
        expect(replayed.filter((r) => !inDoubtBefore.has(r.idempotencyKey!)), `${why}: replays of batches the record did not have in doubt`).toEqual([]);
        replays += replayed.length;
        log.push(`run ${i + 1}: ${step.kind}${moment ? ` ${n}` : ''} after ${Date.now() - opened} ms (exit ${finished.code ?? finished.signal}), ${after.sent.size} sent, ${inDoubtBefore.size} in doubt before, ${replayed.length} replayed`);
      }
    } finally {
      // A run a failed step left waiting (paused, or at its gate) goes too.
      await Promise.all([running.kill(), next.kill()]);
    }

    // The same command once more: it has nothing left but to say so.
    const final = await runSend(args, env);
    expect(final.code, final.stderr).toBe(0);
    expect(recordProblems(w.db, CAMPAIGN)).toEqual([]);
    const counts = standIn.countByRecipient();
    expect(counts.size).toBe(ROWS);
    expect([...counts].filter(([, count]) => count !== 1)).toEqual([]);

    // The record's ids are the stand-in's, address by address.
    const end = snapshot(w.db, CAMPAIGN);
    const delivered = new Map(standIn.emails.map((e) => [e.to[0]!, e.id]));
    expect(end.sent.size).toBe(ROWS);
    expect([...end.sent].filter(([email, id]) => delivered.get(email) !== id)).toEqual([]);

    // The final report equals what the stand-in recorded.
    const report = JSON.parse(readFileSync(w.report(CAMPAIGN), 'utf8'));
    expect(report.outcome).toBe('complete');
    expect(report.counts.sent).toBe(standIn.emails.length);
    expect(report.counts.failed + report.counts.inDoubt + report.counts.pending).toBe(0);
    expect(report.batches.inDoubt).toBe(0);
    expect(report.counts.sentThisRun + report.counts.alreadySent).toBe(ROWS);

    const kinds = Object.fromEntries([...new Set(steps.map((s) => s.kind))].map((k) => [k, steps.filter((s) => s.kind === k).length]));
    console.log(`crash suite: ${JSON.stringify(kinds)}, ${batchRequests().length} batch requests, ${replays} answers replayed from keys, ${Date.now() - started} ms\n${context()}`);
  }, 600_000);
});

/**
 * Resend keeps idempotency keys 24 hours; the stand-in above kept them all
 * along, so a resume that sent confirmed batches again with their old keys
 * would have passed every count there. Here the stand-in is replaced by one
 * that never saw a key before the resume: what is not sent twice now is what
 * the record alone knew was delivered.
 */
describe("exactly once without the API's memory of keys", () => {
  const AUDIENCE = 1_000;

  /** Kills a one-request-at-a-time run at `pause`, then resumes it against a new stand-in; answers what both stand-ins saw. */
  async function killThenResumeElsewhere(campaign: string, pause: string) {
    const w = workspace(AUDIENCE);
    const args = [ISSUE, '--audience', w.audience, '--db', w.db, '--campaign', campaign];
    const first = await startResendStandIn({ apiKey: API_KEY, recordBodies: false });
    const second = await startResendStandIn({ apiKey: API_KEY, recordBodies: false });
    try {
      // One request at a time: at the pause no other batch can be on its way.
      const running = startSend(args, baseEnv(first.url, { DISPATCH_MAX_IN_FLIGHT: '1', DISPATCH_TEST_PAUSE_AT: pause }));
      let stopped: Finished;
      try {
        await waitFor(() => running.output().includes(`dispatch-test-moment ${pause.replace(':', ' ')}`), pause, { unless: running.done });
      } finally {
        stopped = await running.kill();
      }
      expect(stopped.signal, stopped.stderr).toBe('SIGKILL');
      const killed = snapshot(w.db, campaign);
      await first.close(); // and with it every key it kept

      const resumed = await runSend(args, baseEnv(second.url));
      const counts = new Map<string, number>();
      for (const email of [...first.emails, ...second.emails]) counts.set(email.to[0]!, (counts.get(email.to[0]!) ?? 0) + 1);
      const batches = (s: StandIn) => s.requests.filter((r) => r.path === '/emails/batch');
      return { w, killed, resumed, counts, before: batches(first), after: batches(second) };
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  }

  it('a resume sends no confirmed batch again: with nothing in doubt at the kill, nobody gets a second copy', async () => {
    const { w, killed, resumed, counts, before, after } = await killThenResumeElsewhere('forgotten', 'batch-confirmed:4');
    expect(keysIn(killed, 'confirmed').size).toBe(4);
    expect(keysIn(killed, 'sent').size, 'no batch was in doubt at the kill').toBe(0);
    // No key the record had confirmed went out again; the new stand-in had nothing to replay from.
    expect(after.filter((r) => keysIn(killed, 'confirmed').has(r.idempotencyKey!))).toEqual([]);
    expect(after.filter((r) => r.replayed)).toEqual([]);
    expect(before.filter((r) => r.replayed)).toEqual([]);
    expect([...counts].filter(([, n]) => n !== 1), 'addresses delivered twice').toEqual([]);
    expect(counts.size).toBe(AUDIENCE);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(recordProblems(w.db, 'forgotten')).toEqual([]);
    console.log(`without the API's keys: ${before.length} requests before the kill, ${after.length} after, ${after.filter((r) => r.replayed).length} replayed`);
  });

  it("only a batch in doubt at the kill leans on the API's memory: against one that forgot its key, its recipients, and only they, get a second copy", async () => {
    const { w, killed, resumed, counts, after } = await killThenResumeElsewhere('in-doubt', 'answered:3');
    const inDoubt = [...keysIn(killed, 'sent')];
    expect(inDoubt, 'the answered batch is in doubt in the record').toHaveLength(1);
    expect(keysIn(killed, 'confirmed').size).toBe(2);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(recordProblems(w.db, 'in-doubt')).toEqual([]);
    expect(resumed.stdout).toMatch(/Resuming: 1 batch \(100 recipients\) sent earlier without an answer go again with the same Idempotency-Key/);
    // The in-doubt batch went again with its key; no confirmed one did.
    expect(after.filter((r) => killed.batches.some((b) => b.key === r.idempotencyKey && b.state !== 'planned')).map((r) => r.idempotencyKey)).toEqual(inDoubt);
    const db = new Database(w.db, { readonly: true, fileMustExist: true });
    const ofBatch = (db.prepare('SELECT r.email FROM recipients r JOIN batches b ON b.pk = r.batch WHERE b.idempotency_key = ? ORDER BY r.email').all(inDoubt[0]) as Array<{ email: string }>).map((r) => r.email);
    db.close();
    expect(ofBatch).toHaveLength(100);
    expect(counts.size).toBe(AUDIENCE);
    expect([...counts].filter(([, n]) => n !== 1).map(([email]) => email).sort()).toEqual(ofBatch);
  });
});
