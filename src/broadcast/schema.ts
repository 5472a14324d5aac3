/**
 * Broadcast mode's own tables in the campaign record (the store's schema
 * knows batches, not Resend segments). Created on demand, so the store's
 * migrations stay its own.
 */
import type { Db } from '../store/db.ts';

export function ensureBroadcastTables(db: Db): void {
  db.exec(`
    -- What each segment last received for each address (a hash of the contact
    -- fields), so a re-run sends only rows that changed or never arrived.
    CREATE TABLE IF NOT EXISTS segment_contacts (
      segment_id TEXT NOT NULL,
      email      TEXT NOT NULL,
      hash       TEXT NOT NULL,
      synced_at  TEXT NOT NULL,
      PRIMARY KEY (segment_id, email)
    );
    CREATE TABLE IF NOT EXISTS segments (
      name       TEXT PRIMARY KEY,
      segment_id TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    -- One Resend broadcast per campaign: its id is kept before anything is sent,
    -- so running the command twice never creates or sends a second one.
    CREATE TABLE IF NOT EXISTS broadcasts (
      campaign     TEXT PRIMARY KEY,
      name         TEXT NOT NULL,
      segment_id   TEXT NOT NULL,
      broadcast_id TEXT,
      state        TEXT NOT NULL CHECK (state IN ('creating', 'draft', 'sending', 'sent', 'scheduled')),
      content_hash TEXT NOT NULL,
      scheduled_at TEXT,
      created_at   TEXT NOT NULL,
      updated_at   TEXT NOT NULL
    );
  `);
}
