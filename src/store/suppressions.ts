/**
 * The suppression list's repository (the `suppressions` table: one row per
 * address, the first reason recorded stays) and the one suppression filter
 * every path that reads an audience uses: `dispatch send` (through the
 * campaign importer), `dispatch audience sync` (so the segment a broadcast
 * goes to marks them unsubscribed) and the test send's callers.
 */
import { normaliseAddress } from '../audience/email-address.ts';
import type { Db } from './db.ts';

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

export type SuppressionFilter = Readonly<{
  /** Adds an address from a `--suppress` file for this run (kept in a temporary table, so big files need no memory). */
  add: (email: string, detail: string) => void;
  /**
   * Why a checked (normalised) address must not be sent to, or null: this
   * run's `--suppress` files first (their line is the more specific reason),
   * then the suppression list. One primary-key read each, so a million-row
   * audience needs no memory.
   */
  reason: (email: string) => string | null;
}>;

/**
 * The suppression filter: the only place that decides whether, and why, an
 * audience row is suppressed. Starts with no `--suppress` addresses (a new
 * run's). Writes to the temporary table join whatever transaction the caller
 * has open (the importer groups them).
 */
export function suppressionFilter(db: Db): SuppressionFilter {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS run_suppressions (email TEXT PRIMARY KEY, detail TEXT NOT NULL)');
  db.exec('DELETE FROM temp.run_suppressions');
  const insert = db.prepare('INSERT INTO temp.run_suppressions (email, detail) VALUES (?, ?) ON CONFLICT (email) DO NOTHING');
  const fromFiles = db.prepare('SELECT detail FROM temp.run_suppressions WHERE email = ?');
  const listed = db.prepare('SELECT reason, source FROM main.suppressions WHERE email = ?');
  return {
    add(email, detail) {
      insert.run(email, detail);
    },
    reason(email) {
      const fromFile = fromFiles.get(email) as { detail: string } | undefined;
      if (fromFile) return fromFile.detail;
      const row = listed.get(email) as { reason: string; source: string } | undefined;
      return row ? describeListed(row) : null;
    },
  };
}
