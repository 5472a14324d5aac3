/**
 * The campaign record: every recipient's state, every batch's key, attempts,
 * ids and errors. Each method is one transaction, so a kill at any instant
 * leaves the record as it was before or after that step, never between.
 *
 * The rule that makes sending exactly-once: a batch is written (with its
 * Idempotency-Key) before its first request, marked `sent` before every
 * attempt and `confirmed` only after the API answered; a later run re-sends
 * every `sent` batch with the same key and the same bytes, and the API
 * answers the stored result instead of sending again.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { AudienceRow, SkipCounts, SkippedRow, SkipReason } from '../audience/audience.ts';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.ts';
import { brokenInvariants } from './record-invariants.ts';
import { suppressionFilter, type SuppressionFilterOptions } from './suppressions.ts';

export type TransportName = 'resend' | 'outbox';

export type CampaignRecord = Readonly<{
  pk: number;
  id: string;
  transport: TransportName;
  issueSlug: string;
  issueFile: string;
  subject: string;
  contentHash: string;
  scheduledAt: string | null;
  createdAt: string;
  completedAt: string | null;
  runs: number;
}>;

export type RecipientRecord = Readonly<{
  pk: number;
  email: string;
  fields: Readonly<Record<string, string>>;
  line: number;
}>;

export type BatchState = 'planned' | 'sent' | 'confirmed' | 'failed';

export type BatchRecord = Readonly<{
  pk: number;
  seq: number;
  idempotencyKey: string;
  payloadHash: string;
  size: number;
  state: BatchState;
  attempts: number;
  firstAttemptAt: string | null;
  lastError: string | null;
}>;

/** What a batch becomes before it is written: its key and the hash of its exact contents. */
export type BatchIdentity = Readonly<{ idempotencyKey: string; payloadHash: string }>;

export type LockOwner = Readonly<{ token: string; pid: number; host: string }>;
export type LockHolder = Readonly<{ pid: number; host: string; heartbeatAgeMs: number }>;
export type LockResult = Readonly<{ ok: true; tookOverStale: boolean } | { ok: false; holder: LockHolder }>;

export type RecipientCounts = Readonly<{ total: number; pending: number; queued: number; sent: number; failed: number }>;
export type BatchCounts = Readonly<{ planned: number; sent: number; confirmed: number; failed: number; attempts: number }>;

/** A lock whose heartbeat is older than this is taken over even if its process cannot be checked (another host). */
export const LOCK_STALE_MS = 2 * 60_000;
/** How often a running send refreshes its lock. */
export const LOCK_HEARTBEAT_MS = 10_000;

/** A campaign's (?) recipients listed in a run's (?) audience, not yet sent, and not on the suppression list (it may grow during a send). */
const STILL_TO_SEND = `r.campaign = ? AND r.seen_run = ? AND r.state = 'pending' AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email = r.email)`;

const nowIso = (now = Date.now()) => new Date(now).toISOString();

type CampaignRow = {
  pk: number;
  id: string;
  transport: TransportName;
  issue_slug: string;
  issue_file: string;
  subject: string;
  content_hash: string;
  scheduled_at: string | null;
  created_at: string;
  completed_at: string | null;
  runs: number;
};

type BatchRow = {
  pk: number;
  seq: number;
  idempotency_key: string;
  payload_hash: string;
  size: number;
  state: BatchState;
  attempts: number;
  first_attempt_at: string | null;
  last_error: string | null;
};

type RecipientRow = { pk: number; email: string; fields: string; line: number };

const toCampaign = (row: CampaignRow): CampaignRecord => ({
  pk: row.pk,
  id: row.id,
  transport: row.transport,
  issueSlug: row.issue_slug,
  issueFile: row.issue_file,
  subject: row.subject,
  contentHash: row.content_hash,
  scheduledAt: row.scheduled_at,
  createdAt: row.created_at,
  completedAt: row.completed_at,
  runs: row.runs,
});

const toBatch = (row: BatchRow): BatchRecord => ({
  pk: row.pk,
  seq: row.seq,
  idempotencyKey: row.idempotency_key,
  payloadHash: row.payload_hash,
  size: row.size,
  state: row.state,
  attempts: row.attempts,
  firstAttemptAt: row.first_attempt_at,
  lastError: row.last_error,
});

const toRecipient = (row: RecipientRow): RecipientRecord => ({ pk: row.pk, email: row.email, fields: JSON.parse(row.fields) as Record<string, string>, line: row.line });

/**
 * Whether a process with this id is running on this machine. A killed process
 * stays a zombie until its parent (or init) reaps it, which in containers can
 * take a second or more; it answers signals but runs nothing, so it counts as gone.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no /proc (macOS): trust the signal check
  }
}

export class CampaignStore {
  private readonly statements = new Map<string, Statement<unknown[]>>();

  constructor(readonly db: Db) {}

  private stmt(sql: string): Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[]>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ── meta ──────────────────────────────────────────────────────────────

  getMeta(key: string): string | undefined {
    return (this.stmt('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmt('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  // ── campaigns ─────────────────────────────────────────────────────────

  findCampaign(id: string, transport: TransportName): CampaignRecord | undefined {
    const row = this.stmt('SELECT * FROM campaigns WHERE id = ? AND transport = ?').get(id, transport) as CampaignRow | undefined;
    return row ? toCampaign(row) : undefined;
  }

  /** The campaign, created if new. */
  ensureCampaign(input: Readonly<{ id: string; transport: TransportName; issueSlug: string; issueFile: string; subject: string; contentHash: string; scheduledAt: string | null }>): CampaignRecord {
    const now = nowIso();
    this.stmt(
      `INSERT INTO campaigns (id, transport, issue_slug, issue_file, subject, content_hash, scheduled_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id, transport) DO NOTHING`,
    ).run(input.id, input.transport, input.issueSlug, input.issueFile, input.subject, input.contentHash, input.scheduledAt, now, now);
    return this.findCampaign(input.id, input.transport)!;
  }

  /** Records new content (the issue changed between runs). */
  updateContent(pk: number, input: Readonly<{ issueFile: string; subject: string; contentHash: string; scheduledAt: string | null }>): void {
    this.stmt('UPDATE campaigns SET issue_file = ?, subject = ?, content_hash = ?, scheduled_at = ?, completed_at = NULL, updated_at = ? WHERE pk = ?').run(
      input.issueFile,
      input.subject,
      input.contentHash,
      input.scheduledAt,
      nowIso(),
      pk,
    );
  }

  /** Forgets every recipient, batch and skip of a campaign (outbox rehearsals start over when the issue changes). */
  resetCampaign(pk: number): void {
    this.db.transaction(() => {
      this.stmt('DELETE FROM recipients WHERE campaign = ?').run(pk);
      this.stmt('DELETE FROM batches WHERE campaign = ?').run(pk);
      this.stmt('DELETE FROM skips WHERE campaign = ?').run(pk);
      this.stmt('UPDATE campaigns SET completed_at = NULL, updated_at = ? WHERE pk = ?').run(nowIso(), pk);
    }).immediate();
  }

  markCompleted(pk: number, completed: boolean): void {
    this.stmt('UPDATE campaigns SET completed_at = ?, updated_at = ? WHERE pk = ?').run(completed ? nowIso() : null, nowIso(), pk);
  }

  // ── lock: one run per campaign at a time ──────────────────────────────

  /**
   * Takes the campaign's lock, unless another live run holds it. A lock left
   * by a killed run is taken over: on this host when its process is gone,
   * elsewhere when its heartbeat is older than LOCK_STALE_MS.
   */
  acquireLock(pk: number, owner: LockOwner, now = Date.now()): LockResult {
    return this.db.transaction((): LockResult => {
      const row = this.stmt('SELECT lock_token, lock_pid, lock_host, lock_heartbeat FROM campaigns WHERE pk = ?').get(pk) as {
        lock_token: string | null;
        lock_pid: number | null;
        lock_host: string | null;
        lock_heartbeat: number | null;
      };
      let tookOverStale = false;
      if (row.lock_token && row.lock_token !== owner.token) {
        const age = now - (row.lock_heartbeat ?? 0);
        const sameHost = row.lock_host === owner.host;
        const alive = sameHost ? row.lock_pid !== null && processAlive(row.lock_pid) : age < LOCK_STALE_MS;
        if (alive && age < LOCK_STALE_MS * 5) return { ok: false, holder: { pid: row.lock_pid ?? 0, host: row.lock_host ?? '?', heartbeatAgeMs: age } };
        tookOverStale = true;
      }
      this.stmt('UPDATE campaigns SET lock_token = ?, lock_pid = ?, lock_host = ?, lock_heartbeat = ? WHERE pk = ?').run(owner.token, owner.pid, owner.host, now, pk);
      return { ok: true, tookOverStale };
    }).immediate();
  }

  heartbeat(pk: number, token: string, now = Date.now()): void {
    this.stmt('UPDATE campaigns SET lock_heartbeat = ? WHERE pk = ? AND lock_token = ?').run(now, pk, token);
  }

  releaseLock(pk: number, token: string): void {
    this.stmt('UPDATE campaigns SET lock_token = NULL, lock_pid = NULL, lock_host = NULL, lock_heartbeat = NULL WHERE pk = ? AND lock_token = ?').run(pk, token);
  }

  // ── runs ──────────────────────────────────────────────────────────────

  /**
   * Starts a run: numbers it, clears the previous run's skip list, makes
   * refused recipients eligible again and dissolves batches that were built
   * but never sent (nothing of them can have been delivered).
   */
  beginRun(pk: number, pid = process.pid): number {
    return this.db.transaction(() => {
      this.stmt('UPDATE campaigns SET runs = runs + 1, updated_at = ? WHERE pk = ?').run(nowIso(), pk);
      const run = (this.stmt('SELECT runs FROM campaigns WHERE pk = ?').get(pk) as { runs: number }).runs;
      this.stmt('INSERT INTO runs (campaign, run, pid, started_at) VALUES (?, ?, ?, ?)').run(pk, run, pid, nowIso());
      this.stmt('DELETE FROM skips WHERE campaign = ?').run(pk);
      this.stmt(`UPDATE recipients SET state = 'pending', batch = NULL WHERE campaign = ? AND state = 'failed'`).run(pk);
      this.stmt(`UPDATE recipients SET state = 'pending', batch = NULL WHERE batch IN (SELECT pk FROM batches WHERE campaign = ? AND state = 'planned')`).run(pk);
      this.stmt(`DELETE FROM batches WHERE campaign = ? AND state = 'planned'`).run(pk);
      return run;
    }).immediate();
  }

  finishRun(pk: number, run: number, outcome: string): void {
    this.stmt('UPDATE runs SET finished_at = ?, outcome = ? WHERE campaign = ? AND run = ?').run(nowIso(), outcome, pk, run);
  }

  // ── importing the audience ────────────────────────────────────────────

  /**
   * An importer for one run: admits rows (deduplicating on disk, so a million
   * addresses cost no memory), records skipped rows, and checks suppression
   * through the suppression filter (src/store/suppressions.ts), with the
   * brand's consent policy. Writes are grouped in transactions of `chunk`
   * rows; call `finish()` at the end (and on error) to commit the last group.
   */
  importer(pk: number, run: number, chunk = 5_000, filterOptions: SuppressionFilterOptions = {}) {
    const db = this.db;
    const suppressions = suppressionFilter(db, filterOptions);
    const upsert = this.stmt(
      `INSERT INTO recipients (campaign, email, fields, line, seen_run) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (campaign, email) DO UPDATE SET
         line = excluded.line,
         seen_run = excluded.seen_run,
         fields = CASE WHEN state IN ('pending', 'failed') THEN excluded.fields ELSE fields END
       WHERE seen_run <> excluded.seen_run`,
    );
    const firstLine = this.stmt('SELECT line FROM recipients WHERE campaign = ? AND email = ?');
    const skip = this.stmt('INSERT INTO skips (campaign, run, line, email, reason, detail) VALUES (?, ?, ?, ?, ?, ?)');
    let inGroup = 0;
    const write = () => {
      if (inGroup === 0 && !db.inTransaction) db.exec('BEGIN IMMEDIATE');
      if (++inGroup >= chunk) {
        db.exec('COMMIT');
        inGroup = 0;
      }
    };
    return {
      addSuppression(email: string, detail: string): void {
        write();
        suppressions.add(email, detail);
      },
      /** The store's one suppression filter: this run's `--suppress` files, the suppression list, then the consent record. */
      suppression: suppressions.reason,
      /** The same, naming its reason (suppressed or consent) for the skip counts. */
      verdict: suppressions.verdict,
      /** Under `consent: warn`, why a kept row should be looked at (no consent record), or null. */
      consentWarning: suppressions.warning,
      admit(row: AudienceRow): number | null {
        write();
        const result = upsert.run(pk, row.email, JSON.stringify(row.fields), row.line, run);
        if (result.changes > 0) return null;
        return (firstLine.get(pk, row.email) as { line: number }).line;
      },
      skip(row: SkippedRow): void {
        write();
        skip.run(pk, run, row.line, row.email, row.reason, row.detail);
      },
      finish(): void {
        if (db.inTransaction) db.exec('COMMIT');
        inGroup = 0;
      },
      abort(): void {
        if (db.inTransaction) db.exec('ROLLBACK');
        inGroup = 0;
      },
    };
  }

  // ── batches ───────────────────────────────────────────────────────────

  /** Batches a previous run sent without hearing the answer: they must go again with the same key. */
  inDoubtBatches(pk: number): BatchRecord[] {
    return (this.stmt(`SELECT * FROM batches WHERE campaign = ? AND state = 'sent' ORDER BY seq`).all(pk) as BatchRow[]).map(toBatch);
  }

  batchRecipients(batchPk: number): RecipientRecord[] {
    return (this.stmt('SELECT pk, email, fields, line FROM recipients WHERE batch = ? ORDER BY pk').all(batchPk) as RecipientRow[]).map(toRecipient);
  }

  /** Recipients still to send in this run, in audience order, after `afterPk`; suppressed addresses are passed over. */
  nextRecipients(pk: number, run: number, afterPk: number, limit: number): RecipientRecord[] {
    return (
      this.stmt(
        `SELECT r.pk, r.email, r.fields, r.line FROM recipients r WHERE ${STILL_TO_SEND} AND r.pk > ? ORDER BY r.pk LIMIT ?`,
      ).all(pk, run, afterPk, limit) as RecipientRow[]
    ).map(toRecipient);
  }

  /**
   * Writes a batch (state `planned`) and queues its recipients, in one
   * transaction. The identity (key, payload hash) is computed by the caller
   * from the exact contents.
   */
  createBatch(pk: number, recipients: readonly RecipientRecord[], identity: BatchIdentity): BatchRecord {
    return this.db.transaction(() => {
      const seq = ((this.stmt('SELECT max(seq) AS seq FROM batches WHERE campaign = ?').get(pk) as { seq: number | null }).seq ?? 0) + 1;
      const info = this.stmt(
        `INSERT INTO batches (campaign, seq, idempotency_key, payload_hash, size, state, created_at) VALUES (?, ?, ?, ?, ?, 'planned', ?)`,
      ).run(pk, seq, identity.idempotencyKey, identity.payloadHash, recipients.length, nowIso());
      const batchPk = Number(info.lastInsertRowid);
      const queue = this.stmt(`UPDATE recipients SET state = 'queued', batch = ?, error = NULL WHERE pk = ? AND state = 'pending'`);
      for (const recipient of recipients) {
        if (queue.run(batchPk, recipient.pk).changes !== 1) throw new Error(`recipient ${recipient.pk} was not pending`);
      }
      return toBatch(this.stmt('SELECT * FROM batches WHERE pk = ?').get(batchPk) as BatchRow);
    }).immediate();
  }

  /** Marks a batch in flight, just before a request goes out: from here until confirmed, it is in doubt. */
  markAttempt(batchPk: number): void {
    const now = nowIso();
    this.stmt(`UPDATE batches SET state = 'sent', attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, ?), last_attempt_at = ? WHERE pk = ?`).run(now, now, batchPk);
  }

  /** Notes why an attempt failed; the batch stays in doubt. */
  noteError(batchPk: number, error: string): void {
    this.stmt('UPDATE batches SET last_error = ? WHERE pk = ?').run(error, batchPk);
  }

  /** The API accepted the batch: each recipient gets the id it answered (in order). */
  confirmBatch(batchPk: number, recipients: readonly RecipientRecord[], deliveryIds: readonly string[]): void {
    this.db.transaction(() => {
      const now = nowIso();
      this.stmt(`UPDATE batches SET state = 'confirmed', confirmed_at = ?, last_error = NULL WHERE pk = ?`).run(now, batchPk);
      const sent = this.stmt(`UPDATE recipients SET state = 'sent', delivery_id = ?, sent_at = ?, error = NULL WHERE pk = ?`);
      recipients.forEach((recipient, index) => sent.run(deliveryIds[index] ?? null, now, recipient.pk));
    }).immediate();
  }

  /** The API refused the batch (nothing of it was delivered): its recipients are failed until the next run. */
  failBatch(batchPk: number, error: string): void {
    this.db.transaction(() => {
      this.stmt(`UPDATE batches SET state = 'failed', last_error = ? WHERE pk = ?`).run(error, batchPk);
      this.stmt(`UPDATE recipients SET state = 'failed', error = ? WHERE batch = ? AND state = 'queued'`).run(error, batchPk);
    }).immediate();
  }

  // ── reading back ──────────────────────────────────────────────────────

  /** The campaign's recipients by state. */
  recipientCounts(pk: number): RecipientCounts {
    return this.countByState(this.stmt('SELECT state, count(*) AS n FROM recipients WHERE campaign = ? GROUP BY state').all(pk));
  }

  /** Recipients listed in this run's audience, by state. */
  runRecipientCounts(pk: number, run: number): RecipientCounts {
    return this.countByState(this.stmt('SELECT state, count(*) AS n FROM recipients WHERE campaign = ? AND seen_run = ? GROUP BY state').all(pk, run));
  }

  private countByState(rows: unknown[]): RecipientCounts {
    const counts = { total: 0, pending: 0, queued: 0, sent: 0, failed: 0 };
    for (const row of rows as { state: keyof typeof counts; n: number }[]) {
      counts[row.state] = row.n;
      counts.total += row.n;
    }
    return counts;
  }

  /** Of this run's recipients, those still to send (suppressed ones, which are passed over, excluded). */
  pendingCount(pk: number, run: number): number {
    return (
      this.stmt(`SELECT count(*) AS n FROM recipients r WHERE ${STILL_TO_SEND}`).get(pk, run) as { n: number }
    ).n;
  }

  /** Recipients in batches built but never sent (the run stopped first): not attempted, so not in doubt. */
  notAttemptedCount(pk: number): number {
    return (
      this.stmt(`SELECT count(*) AS n FROM batches b JOIN recipients r ON r.batch = b.pk WHERE b.campaign = ? AND b.state = 'planned' AND r.state = 'queued'`).get(pk) as { n: number }
    ).n;
  }

  batchCounts(pk: number): BatchCounts {
    const counts = { planned: 0, sent: 0, confirmed: 0, failed: 0, attempts: 0 };
    for (const row of this.stmt('SELECT state, count(*) AS n, sum(attempts) AS a FROM batches WHERE campaign = ? GROUP BY state').all(pk) as {
      state: BatchState;
      n: number;
      a: number | null;
    }[]) {
      counts[row.state] = row.n;
      counts.attempts += row.a ?? 0;
    }
    return counts;
  }

  skipCounts(pk: number, run: number): SkipCounts {
    const counts: SkipCounts = { invalid: 0, duplicate: 0, suppressed: 0 };
    for (const row of this.stmt('SELECT reason, count(*) AS n FROM skips WHERE campaign = ? AND run = ? GROUP BY reason').all(pk, run) as { reason: SkipReason; n: number }[]) {
      counts[row.reason] = row.n;
    }
    return counts;
  }

  /** This run's skipped rows in line order, a page at a time (a million-row file may skip many). */
  skipsPage(pk: number, run: number, afterLine: number, limit: number): SkippedRow[] {
    return this.stmt('SELECT line, email, reason, detail FROM skips WHERE campaign = ? AND run = ? AND line > ? ORDER BY line LIMIT ?').all(pk, run, afterLine, limit) as SkippedRow[];
  }

  /** Recipients not delivered: refused by the API, or in a batch still in doubt (not those in a batch that never went out). */
  undeliveredPage(pk: number, afterPk: number, limit: number): Array<{ pk: number; email: string; state: string; error: string | null }> {
    return this.stmt(
      `SELECT r.pk, r.email, r.state, coalesce(r.error, b.last_error) AS error FROM recipients r LEFT JOIN batches b ON b.pk = r.batch
       WHERE r.campaign = ? AND (r.state = 'failed' OR (r.state = 'queued' AND b.state = 'sent')) AND r.pk > ? ORDER BY r.pk LIMIT ?`,
    ).all(pk, afterPk, limit) as Array<{ pk: number; email: string; state: string; error: string | null }>;
  }

  /** Every recipient address of a campaign, in audience order, streamed. */
  recipientEmails(pk: number): IterableIterator<string> {
    return this.db.prepare('SELECT email FROM recipients WHERE campaign = ? ORDER BY pk').pluck().iterate(pk) as IterableIterator<string>;
  }

  /**
   * Of these addresses, how many the campaign has sent to. Reads only, so it
   * runs on a read-only record: the dry run asks the real record about the
   * plan it built in a scratch one. Addresses go in groups of `group`.
   */
  sentAmong(pk: number, emails: Iterable<string>, group = 500): number {
    // CROSS JOIN keeps the group on the outside: one lookup in UNIQUE (campaign, email) per address, never a scan of the campaign per group.
    const count = this.stmt(
      `SELECT count(*) AS n FROM json_each(?) AS j CROSS JOIN recipients r ON r.campaign = ? AND r.email = j.value WHERE r.state = 'sent'`,
    );
    let total = 0;
    let batch: string[] = [];
    const flush = () => {
      if (batch.length > 0) total += (count.get(JSON.stringify(batch), pk) as { n: number }).n;
      batch = [];
    };
    for (const email of emails) {
      batch.push(email);
      if (batch.length >= group) flush();
    }
    flush();
    return total;
  }

  /** Every recipient's state (tests and tools). */
  recipients(pk: number): Array<{ email: string; state: string; deliveryId: string | null; batch: number | null }> {
    return this.stmt('SELECT email, state, delivery_id AS deliveryId, batch FROM recipients WHERE campaign = ? ORDER BY pk').all(pk) as Array<{
      email: string;
      state: string;
      deliveryId: string | null;
      batch: number | null;
    }>;
  }

  /**
   * The record's invariants (src/store/record-invariants.ts), which must hold
   * after any kill: every queued recipient in a planned or sent batch, every
   * sent one in a confirmed batch with its own delivery id, batch sizes
   * matching their recipients, each address and key once. Returns the
   * problems found, one line each.
   */
  checkConsistency(pk: number): string[] {
    return brokenInvariants(this.db, pk);
  }
}

/** This process as a lock owner. */
export function lockOwner(token: string): LockOwner {
  return { token, pid: process.pid, host: hostname() };
}
