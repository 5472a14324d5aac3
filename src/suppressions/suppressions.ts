/**
 * The suppression list: addresses that must never be mailed again, with why
 * and since when. It is the store's `suppressions` table (src/store/schema.ts:
 * one row per address), so `npm run send`, `npm run audience:sync` and
 * `npm run serve` share it, and unsubscribe records survive as the evidence
 * Canada's anti-spam law asks for (`npm run suppressions -- export`).
 */
import { normaliseAddress } from '../audience/address.ts';
import { quoteCsvCell } from '../audience/csv.ts';
import type { Db } from '../store/db.ts';

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

/**
 * A lookup in the shape the audience filter takes (`AudienceFilter.suppression`):
 * why an address must not be sent to, or null. One prepared statement and one
 * primary-key read per recipient, so a million-row audience needs no memory.
 */
export function suppressionLookup(db: Db): (email: string) => string | null {
  const statement = db.prepare('SELECT reason, created_at FROM suppressions WHERE email = ?');
  return (email) => {
    const row = statement.get(normaliseAddress(email)) as { reason: string; created_at: string } | undefined;
    return row ? `on the suppression list (${row.reason} ${row.created_at})` : null;
  };
}

/** Every entry, oldest first, streamed. */
export function listSuppressions(db: Db): IterableIterator<Suppression> {
  return db.prepare(`${SELECT} ORDER BY created_at, email`).iterate() as IterableIterator<Suppression>;
}

export const SUPPRESSION_CSV_HEADER = 'address,reason,source,time';

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula. */
export function csvCell(value: string): string {
  return quoteCsvCell(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

/** The list as CSV lines (header first), for `npm run suppressions -- export`. */
export function* suppressionCsvLines(db: Db): Generator<string> {
  yield SUPPRESSION_CSV_HEADER;
  for (const entry of listSuppressions(db)) yield [entry.address, entry.reason, entry.source, entry.time].map(csvCell).join(',');
}
