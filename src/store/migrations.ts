/**
 * The campaign record's schema, as one ordered list of migrations: the only
 * place tables are defined. `openDb` applies, in order and each in its own
 * transaction, every migration above the file's `user_version`, so a record
 * written by any earlier version is upgraded in place. A migration, once
 * released, never changes: a new table or column is a new entry at the end.
 *
 * One SQLite file holds every campaign (and the shared suppression list), so
 * "has this address had this issue?" is one query.
 *
 * Recipient states:  pending → queued (in a batch) → sent
 *                                  ↘ failed (the API refused the batch; retried next run)
 * Batch states:      planned (built, never sent) → sent (a request went out; in doubt
 *                    until answered) → confirmed | failed (refused: nothing delivered)
 */

export type Migration = Readonly<{ version: number; what: string; sql: string }>;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    what: 'campaigns, batches, recipients, skips, runs, meta and the suppression list',
    sql: `
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
`,
  },
  {
    version: 2,
    // Before version 2 these were created on demand by the broadcast and serve
    // modules, so a version 1 file may already hold them: IF NOT EXISTS.
    what: 'broadcast mode (segments, their synced contacts, broadcasts) and the webhook log',
    sql: `
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

-- Each webhook delivery's svix-id, written in the same transaction as its
-- suppressions, so a redelivery is acknowledged without recording twice.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  svix_id     TEXT PRIMARY KEY,
  type        TEXT NOT NULL,
  received_at TEXT NOT NULL
);
`,
  },
  {
    version: 3,
    what: 'campaign results: per-email events and outcomes (kept for the brand\'s retention), per-campaign counts (kept)',
    sql: `
-- Joins an event's email_id to its campaign.
CREATE INDEX IF NOT EXISTS recipients_by_delivery_id ON recipients (delivery_id) WHERE delivery_id IS NOT NULL;

-- Every email event Resend reported, once per svix-id. Per-recipient data
-- (who opened, who clicked what): deleted after results.retentionDays
-- (dispatch results prune), when only campaign_results remains.
CREATE TABLE IF NOT EXISTS email_events (
  svix_id        TEXT PRIMARY KEY,
  campaign       TEXT,
  email_id       TEXT NOT NULL,
  recipient      TEXT,
  type           TEXT NOT NULL,
  occurred_at    TEXT NOT NULL,
  received_at    TEXT NOT NULL,
  link           TEXT,
  block          TEXT,
  bounce_type    TEXT,
  bounce_subtype TEXT,
  detail         TEXT
);
CREATE INDEX IF NOT EXISTS email_events_by_email ON email_events (email_id, type);
CREATE INDEX IF NOT EXISTS email_events_by_time ON email_events (occurred_at);
CREATE INDEX IF NOT EXISTS email_events_by_campaign ON email_events (campaign, type);

-- Where each email got to, whatever order its events came in: the outcome
-- only moves forward (a late delivered never undoes a bounce). Per-recipient
-- too: pruned with the events.
CREATE TABLE IF NOT EXISTS email_outcomes (
  email_id      TEXT PRIMARY KEY,
  campaign      TEXT NOT NULL,
  outcome       TEXT NOT NULL,
  last_event_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS email_outcomes_by_time ON email_outcomes (last_event_at);

-- Per-campaign counts, updated in the same transaction as each event: what a
-- report reads, and all that remains after retention. key: a link, a block
-- (utm_content) or an hour, '' for campaign-wide counts.
CREATE TABLE IF NOT EXISTS campaign_results (
  campaign TEXT NOT NULL,
  metric   TEXT NOT NULL,
  key      TEXT NOT NULL DEFAULT '',
  count    INTEGER NOT NULL,
  PRIMARY KEY (campaign, metric, key)
) WITHOUT ROWID;
`,
  },
  {
    version: 4,
    what: 'subscribers, their append-only consent record, and erased addresses (issue 18)',
    sql: `
-- One row per subscriber (normalised address): what they told us about themselves.
CREATE TABLE subscribers (
  email       TEXT PRIMARY KEY,
  first_name  TEXT,
  postal_code TEXT,
  locale      TEXT,
  created_at  TEXT NOT NULL
);

-- Every consent event, as CASL asks a sender to prove it: never rewritten,
-- changes append. given = express consent obtained elsewhere (an imported
-- list, a paper form); confirmed = express consent by double opt-in;
-- implied = a relationship with its reason and the date it ends; withdrawn.
CREATE TABLE consent_events (
  pk                INTEGER PRIMARY KEY,
  email             TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('given', 'confirmed', 'implied', 'withdrawn')),
  occurred_at       TEXT NOT NULL,
  source            TEXT NOT NULL,
  implied_reason    TEXT CHECK ((kind = 'implied') = (implied_reason IS NOT NULL)),
  expires_at        TEXT CHECK ((kind = 'implied') = (expires_at IS NOT NULL)),
  statement_version TEXT,
  statement_hash    TEXT,
  ip                TEXT,
  recorded_at       TEXT NOT NULL
);
CREATE INDEX consent_events_by_email ON consent_events (email, occurred_at);
CREATE TRIGGER consent_events_append_only BEFORE UPDATE ON consent_events
BEGIN
  SELECT RAISE(ABORT, 'consent events are never rewritten: append a new one');
END;

-- Addresses erased on request: only a salted hash (HMAC-SHA-256 with the
-- record's own random salt, in meta), so the address is never re-added.
CREATE TABLE erased_addresses (
  hash      TEXT PRIMARY KEY,
  erased_at TEXT NOT NULL
);
`,
  },
];

/** The version a record has once every migration is applied. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
