/**
 * The suppression list's repository (the `suppressions` table: one row per
 * address, the first reason recorded stays) and the one suppression filter
 * every path that reads an audience uses: `dispatch send` (through the
 * campaign importer), `dispatch audience sync` (so the segment a broadcast
 * goes to marks them unsubscribed) and the test send's callers. The filter
 * also applies the consent record (src/subscribers/consent.ts): erased
 * addresses, expired or withdrawn consent, and under `consent: require` no
 * consent at all.
 */
import { normaliseAddress } from '../audience/email-address.ts';
import { consentRefusal, consentStanding, type ConsentPolicy, type ConsentStanding } from '../subscribers/consent.ts';
import type { Db } from './db.ts';
import { consentEventsReader, erasedLookup } from './subscribers.ts';

export type SuppressionReason = 'unsubscribed' | 'bounced' | 'complained' | 'suppressed';

export type Suppression = Readonly<{
  address: string;
  reason: SuppressionReason;
  /** How it arrived: `one-click`, `unsubscribe-page`, `resend-webhook email.bounced …`. */
  source: string;
  /** ISO 8601, UTC. */
  time: string;
}>;

/**
 * Records one suppression. The first reason recorded for an address stays
 * (the earliest evidence); repeated clicks and replayed events change
 * nothing. Answers whether a row was added.
 */
export function addSuppression(db: Db, entry: Suppression): boolean {
  const address = normaliseAddress(entry.address);
  if (!address) return false;
  const result = db
    .prepare('INSERT INTO suppressions (email, reason, source, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (email) DO NOTHING')
    .run(address, entry.reason, entry.source, entry.time);
  return result.changes > 0;
}

const SELECT = 'SELECT email AS address, reason, source, created_at AS time FROM suppressions';

/** The entry for an address, or null. */
export function findSuppression(db: Db, address: string): Suppression | null {
  return (db.prepare(`${SELECT} WHERE email = ?`).get(normaliseAddress(address)) as Suppression | undefined) ?? null;
}

/** Every entry, oldest first, streamed. */
export function listSuppressions(db: Db): IterableIterator<Suppression> {
  return db.prepare(`${SELECT} ORDER BY created_at, email`).iterate() as IterableIterator<Suppression>;
}

/** How a listed address is described wherever a skipped row is shown: `on the suppression list (unsubscribed, one-click)`. */
export const describeListed = (row: Readonly<{ reason: string; source: string }>): string => `on the suppression list (${row.reason}, ${row.source})`;

/** Why a row is dropped: the list (or a `--suppress` file, or an erasure), or the consent record. One wording per reason. */
export type FilterVerdict = Readonly<{ reason: 'suppressed' | 'consent'; detail: string }>;

export type SuppressionFilter = Readonly<{
  /** Adds an address from a `--suppress` file for this run (kept in a temporary table, so big files need no memory). */
  add: (email: string, detail: string) => void;
  /**
   * Why a checked (normalised) address must not be sent to, or null: this
   * run's `--suppress` files first (their line is the more specific reason),
   * then the suppression list, erased addresses, then the consent record.
   * A few primary-key reads each, so a million-row audience needs no memory.
   */
  verdict: (email: string) => FilterVerdict | null;
  /** The same, as its wording alone. */
  reason: (email: string) => string | null;
  /** Under `consent: warn`, why an address that is kept should not be (no consent record), or null. */
  warning: (email: string) => string | null;
}>;

export type SuppressionFilterOptions = Readonly<{
  /** brand.yaml's `consent`. Default `warn`: rows with no consent record are kept and named. */
  consent?: ConsentPolicy;
  /** Milliseconds, for expiry; default now. */
  now?: number;
  /**
   * The record whose lists and consent apply, when it is not `db` (the dry run plans in a scratch
   * record and reads the real one, read-only; one written before the consent record has none).
   */
  record?: Db;
}>;

/**
 * The suppression filter: the only place that decides whether, and why, an
 * audience row is suppressed. Starts with no `--suppress` addresses (a new
 * run's). Writes to the temporary table join whatever transaction the caller
 * has open (the importer groups them).
 */
export function suppressionFilter(db: Db, options: SuppressionFilterOptions = {}): SuppressionFilter {
  const policy = options.consent ?? 'warn';
  const now = options.now ?? Date.now();
  db.exec('CREATE TEMP TABLE IF NOT EXISTS run_suppressions (email TEXT PRIMARY KEY, detail TEXT NOT NULL)');
  db.exec('DELETE FROM temp.run_suppressions');
  const insert = db.prepare('INSERT INTO temp.run_suppressions (email, detail) VALUES (?, ?) ON CONFLICT (email) DO NOTHING');
  const fromFiles = db.prepare('SELECT detail FROM temp.run_suppressions WHERE email = ?');
  const record = options.record ?? db;
  const listed = record.prepare('SELECT reason, source FROM main.suppressions WHERE email = ?');
  const consentKept = record.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'consent_events'`).get() !== undefined;
  const erased = consentKept ? erasedLookup(record) : () => null;
  const eventsOf = consentKept ? consentEventsReader(record) : () => [];
  // warning() follows verdict() for the same kept row: one read of its events serves both.
  let last: { email: string; standing: ConsentStanding } | undefined;
  const standing = (email: string): ConsentStanding => {
    if (last?.email !== email) last = { email, standing: consentStanding(eventsOf(email), now) };
    return last.standing;
  };
  const verdict = (email: string): FilterVerdict | null => {
    const fromFile = fromFiles.get(email) as { detail: string } | undefined;
    if (fromFile) return { reason: 'suppressed', detail: fromFile.detail };
    const row = listed.get(email) as { reason: string; source: string } | undefined;
    if (row) return { reason: 'suppressed', detail: describeListed(row) };
    const erasedAt = erased(email);
    if (erasedAt) return { reason: 'suppressed', detail: `erased on request (${erasedAt.slice(0, 10)})` };
    const refusal = consentRefusal(standing(email), policy);
    return refusal ? { reason: 'consent', detail: refusal } : null;
  };
  return {
    add(email, detail) {
      insert.run(email, detail);
    },
    verdict,
    reason: (email) => verdict(email)?.detail ?? null,
    warning: (email) => (policy === 'warn' && standing(email).state === 'none' ? 'no consent record (brand.yaml consent: require would drop it)' : null),
  };
}
