/**
 * Broadcast mode's repository: Resend segments by name, what each segment
 * last received for each address (so a re-run of `audience sync` sends only
 * what changed), and one broadcast row per campaign (written before the
 * create call, so a re-run never creates or sends a second one). The tables
 * are migration 2 (src/store/migrations.ts). Each method is one statement or
 * one transaction.
 */
import type { Db } from './db.ts';

export type BroadcastState = 'creating' | 'draft' | 'sending' | 'sent' | 'scheduled';

export type BroadcastRow = Readonly<{
  campaign: string;
  name: string;
  segment_id: string;
  broadcast_id: string | null;
  state: BroadcastState;
  content_hash: string;
  scheduled_at: string | null;
}>;

/** Fields a state change may set beside the state. */
export type BroadcastUpdate = Partial<Pick<BroadcastRow, 'broadcast_id' | 'content_hash' | 'scheduled_at'>>;

const UPDATABLE = new Set<string>(['broadcast_id', 'content_hash', 'scheduled_at']);

const nowIso = () => new Date().toISOString();

// ── segments ─────────────────────────────────────────────────────────────

/** The segment id the record remembers for a name. */
export function recordedSegment(db: Db, name: string): string | undefined {
  return (db.prepare('SELECT segment_id FROM segments WHERE name = ?').get(name) as { segment_id: string } | undefined)?.segment_id;
}

/** Remembers a segment's id under its name (a later id replaces an earlier one). */
export function rememberSegment(db: Db, name: string, segmentId: string): void {
  db.prepare('INSERT INTO segments (name, segment_id, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET segment_id = excluded.segment_id').run(name, segmentId, nowIso());
}

// ── segment contacts ─────────────────────────────────────────────────────

export type SegmentContacts = Readonly<{
  /** The hash of the contact fields the segment last received for an address. */
  lastHash: (email: string) => string | undefined;
  /** Records what the segment now has for these addresses, in one transaction (after Resend imported them). */
  remember: (contacts: ReadonlyArray<Readonly<{ email: string; hash: string }>>) => void;
}>;

export function segmentContacts(db: Db, segmentId: string): SegmentContacts {
  const last = db.prepare('SELECT hash FROM segment_contacts WHERE segment_id = ? AND email = ?');
  const upsert = db.prepare(
    'INSERT INTO segment_contacts (segment_id, email, hash, synced_at) VALUES (?, ?, ?, ?) ON CONFLICT (segment_id, email) DO UPDATE SET hash = excluded.hash, synced_at = excluded.synced_at',
  );
  return {
    lastHash: (email) => (last.get(segmentId, email) as { hash: string } | undefined)?.hash,
    remember: (contacts) => {
      const now = nowIso();
      db.transaction(() => {
        for (const contact of contacts) upsert.run(segmentId, contact.email, contact.hash, now);
      })();
    },
  };
}

/**
 * The first line each address was seen on in one pass over a file, kept on
 * disk in a temporary table (a million rows need no memory). `first` answers
 * null when the address is new, else the line it was first seen on.
 */
export function addressesSeen(db: Db): Readonly<{ first: (email: string, line: number) => number | null }> {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS sync_seen (email TEXT PRIMARY KEY, line INTEGER NOT NULL); DELETE FROM temp.sync_seen;');
  const seen = db.prepare('INSERT INTO temp.sync_seen (email, line) VALUES (?, ?) ON CONFLICT (email) DO NOTHING');
  const firstLine = db.prepare('SELECT line FROM temp.sync_seen WHERE email = ?');
  return {
    first: (email, line) => (seen.run(email, line).changes === 0 ? (firstLine.get(email) as { line: number }).line : null),
  };
}

// ── broadcasts ───────────────────────────────────────────────────────────

/** The campaign's broadcast row, if it has one. */
export function findBroadcast(db: Db, campaign: string): BroadcastRow | undefined {
  return db.prepare('SELECT campaign, name, segment_id, broadcast_id, state, content_hash, scheduled_at FROM broadcasts WHERE campaign = ?').get(campaign) as BroadcastRow | undefined;
}

/** Writes the row before the create call: state `creating`. */
export function insertBroadcast(db: Db, input: Readonly<{ campaign: string; name: string; segmentId: string; contentHash: string }>): void {
  const now = nowIso();
  db.prepare("INSERT INTO broadcasts (campaign, name, segment_id, state, content_hash, created_at, updated_at) VALUES (?, ?, ?, 'creating', ?, ?, ?)").run(
    input.campaign,
    input.name,
    input.segmentId,
    input.contentHash,
    now,
    now,
  );
}

/** Moves the campaign's broadcast to a state, with the fields that change with it. */
export function setBroadcastState(db: Db, campaign: string, state: BroadcastState, fields: BroadcastUpdate = {}): void {
  const keys = Object.keys(fields).filter((key) => UPDATABLE.has(key));
  const sets = ['state = @state', 'updated_at = @now', ...keys.map((key) => `${key} = @${key}`)];
  const values = Object.fromEntries(keys.map((key) => [key, fields[key as keyof BroadcastUpdate] ?? null]));
  db.prepare(`UPDATE broadcasts SET ${sets.join(', ')} WHERE campaign = @campaign`).run({ ...values, state, now: nowIso(), campaign });
}
