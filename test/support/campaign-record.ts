/** The campaign record as a test reads it after a run: read-only, so looking changes nothing. */
import Database from 'better-sqlite3';
import { checkRecord } from '../../src/store/record-invariants.ts';

/**
 * The record's invariants (the store's own list, src/store/record-invariants.ts,
 * which `dispatch record check` runs too) and SQLite's integrity check, on a
 * read-only connection (SQLite replays the WAL for readers). A kill before the
 * first run created the schema leaves an empty record: consistent, nothing in it.
 */
export function recordProblems(dbFile: string, campaignId: string): string[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return checkRecord(db, campaignId, 'resend').problems;
  } finally {
    db.close();
  }
}
