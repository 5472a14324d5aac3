/**
 * The campaign record's tables. One SQLite file holds every campaign (and the
 * shared suppression list), so "has this address had this issue?" is one query.
 *
 * Recipient states:  pending → queued (in a batch) → sent
 *                                  ↘ failed (the API refused the batch; retried next run)
 * Batch states:      planned (built, never sent) → sent (a request went out; in doubt
 *                    until answered) → confirmed | failed (refused: nothing delivered)
 */

export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS campaigns (
  pk             INTEGER PRIMARY KEY,
  id             TEXT NOT NULL,
  transport      TEXT NOT NULL CHECK (transport IN ('resend', 'outbox')),
  issue_slug     TEXT NOT NULL,
  issue_file     TEXT NOT NULL,
  subject        TEXT NOT NULL,
  content_hash   TEXT NOT NULL,
  scheduled_at   TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  completed_at   TEXT,
  runs           INTEGER NOT NULL DEFAULT 0,
  lock_token     TEXT,
  lock_pid       INTEGER,
  lock_host      TEXT,
  lock_heartbeat INTEGER,
  UNIQUE (id, transport)
);

CREATE TABLE IF NOT EXISTS batches (
  pk               INTEGER PRIMARY KEY,
  campaign         INTEGER NOT NULL REFERENCES campaigns(pk) ON DELETE CASCADE,
  seq              INTEGER NOT NULL,
  idempotency_key  TEXT NOT NULL,
  payload_hash     TEXT NOT NULL,
  size             INTEGER NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('planned', 'sent', 'confirmed', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT NOT NULL,
  first_attempt_at TEXT,
  last_attempt_at  TEXT,
  confirmed_at     TEXT,
  last_error       TEXT
);
CREATE INDEX IF NOT EXISTS batches_by_state ON batches (campaign, state);

CREATE TABLE IF NOT EXISTS recipients (
  pk          INTEGER PRIMARY KEY,
  campaign    INTEGER NOT NULL REFERENCES campaigns(pk) ON DELETE CASCADE,
  email       TEXT NOT NULL,
  fields      TEXT NOT NULL,
  line        INTEGER NOT NULL,
  seen_run    INTEGER NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'queued', 'sent', 'failed')),
  batch       INTEGER REFERENCES batches(pk),
  delivery_id TEXT,
  sent_at     TEXT,
  error       TEXT,
  UNIQUE (campaign, email)
);
CREATE INDEX IF NOT EXISTS recipients_todo ON recipients (campaign, state, pk);
CREATE INDEX IF NOT EXISTS recipients_by_batch ON recipients (batch);

CREATE TABLE IF NOT EXISTS skips (
  campaign INTEGER NOT NULL REFERENCES campaigns(pk) ON DELETE CASCADE,
  run      INTEGER NOT NULL,
  line     INTEGER NOT NULL,
  email    TEXT NOT NULL,
  reason   TEXT NOT NULL,
  detail   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS skips_by_run ON skips (campaign, run);

CREATE TABLE IF NOT EXISTS runs (
  campaign    INTEGER NOT NULL REFERENCES campaigns(pk) ON DELETE CASCADE,
  run         INTEGER NOT NULL,
  pid         INTEGER NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  outcome     TEXT,
  PRIMARY KEY (campaign, run)
);

-- Addresses never to be sent to again, whatever the audience file says:
-- unsubscribes, bounces and complaints (filled by the webhook handler).
CREATE TABLE IF NOT EXISTS suppressions (
  email      TEXT PRIMARY KEY,
  reason     TEXT NOT NULL,
  source     TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;
