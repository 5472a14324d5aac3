/**
 * The subscribers' repository: who they are (`subscribers`), every consent
 * event (`consent_events`, append-only: a trigger refuses updates) and the
 * salted hashes of erased addresses (`erased_addresses`). The rules that read
 * these (CASL expiry, what counts as consent) live in src/subscribers/consent.ts.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { normaliseAddress } from '../audience/email-address.ts';
import type { Db } from './db.ts';

export type ConsentKind = 'given' | 'confirmed' | 'implied' | 'withdrawn';

export type ConsentEvent = Readonly<{
  email: string;
  kind: ConsentKind;
  /** When the person agreed, the relationship began, or they withdrew (ISO 8601, UTC). */
  occurredAt: string;
  /** How: `import members.csv:4 (paper form at the 2024 AGM)`, `signup form /subscribe`. */
  source: string;
  /** Implied only: donation, membership, volunteering or inquiry. */
  impliedReason?: string | null;
  /** Implied only: when the implied consent ends. */
  expiresAt?: string | null;
  /** Express only: the version of the consent statement the person saw, and its text's SHA-256. */
  statementVersion?: string | null;
  statementHash?: string | null;
  ip?: string | null;
  /** When this row was written. */
  recordedAt: string;
}>;

export type Subscriber = Readonly<{ email: string; firstName: string | null; postalCode: string | null; locale: string | null; createdAt: string }>;

/** Adds a subscriber, or fills in what an earlier row left empty (a name given later never erases one given before). */
export function upsertSubscriber(db: Db, subscriber: Subscriber): void {
  db.prepare(
    `INSERT INTO subscribers (email, first_name, postal_code, locale, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (email) DO UPDATE SET
       first_name = coalesce(excluded.first_name, first_name),
       postal_code = coalesce(excluded.postal_code, postal_code),
       locale = coalesce(excluded.locale, locale)`,
  ).run(normaliseAddress(subscriber.email), subscriber.firstName, subscriber.postalCode, subscriber.locale, subscriber.createdAt);
}

const EVENT_COLUMNS =
  'email, kind, occurred_at AS occurredAt, source, implied_reason AS impliedReason, expires_at AS expiresAt, statement_version AS statementVersion, statement_hash AS statementHash, ip, recorded_at AS recordedAt';

/**
 * Appends one consent event; an identical one already recorded (the same
 * import run twice) is not appended again. Answers whether a row was added.
 */
export function appendConsent(db: Db, event: ConsentEvent): boolean {
  const email = normaliseAddress(event.email);
  const same = db
    .prepare('SELECT 1 FROM consent_events WHERE email = ? AND kind = ? AND occurred_at = ? AND source = ? AND implied_reason IS ? LIMIT 1')
    .get(email, event.kind, event.occurredAt, event.source, event.impliedReason ?? null);
  if (same) return false;
  db.prepare(
    `INSERT INTO consent_events (email, kind, occurred_at, source, implied_reason, expires_at, statement_version, statement_hash, ip, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(email, event.kind, event.occurredAt, event.source, event.impliedReason ?? null, event.expiresAt ?? null, event.statementVersion ?? null, event.statementHash ?? null, event.ip ?? null, event.recordedAt);
  return true;
}

/** A person's consent events, oldest first (by when they happened, then by when they were written). */
export function consentEventsOf(db: Db, email: string): ConsentEvent[] {
  return consentEventsReader(db)(email);
}

/** consentEventsOf with its statement prepared once, for filters that read an event list per audience row. */
export function consentEventsReader(db: Db): (email: string) => ConsentEvent[] {
  const statement = db.prepare(`SELECT ${EVENT_COLUMNS} FROM consent_events WHERE email = ? ORDER BY occurred_at, pk`);
  return (email) => statement.all(normaliseAddress(email)) as ConsentEvent[];
}

/** The whole record for an export: each event with the subscriber's details, streamed, by address then time. */
export function listConsentRecord(db: Db, email?: string): IterableIterator<ConsentEvent & { firstName: string | null; postalCode: string | null; locale: string | null }> {
  const where = email === undefined ? '' : 'WHERE e.email = ?';
  const statement = db.prepare(
    `SELECT e.email, e.kind, e.occurred_at AS occurredAt, e.source, e.implied_reason AS impliedReason, e.expires_at AS expiresAt,
            e.statement_version AS statementVersion, e.statement_hash AS statementHash, e.ip, e.recorded_at AS recordedAt,
            s.first_name AS firstName, s.postal_code AS postalCode, s.locale
       FROM consent_events e LEFT JOIN subscribers s ON s.email = e.email ${where}
      ORDER BY e.email, e.occurred_at, e.pk`,
  );
  return (email === undefined ? statement.iterate() : statement.iterate(normaliseAddress(email))) as IterableIterator<
    ConsentEvent & { firstName: string | null; postalCode: string | null; locale: string | null }
  >;
}

export function findSubscriber(db: Db, email: string): Subscriber | null {
  return (
    (db.prepare('SELECT email, first_name AS firstName, postal_code AS postalCode, locale, created_at AS createdAt FROM subscribers WHERE email = ?').get(normaliseAddress(email)) as
      | Subscriber
      | undefined) ?? null
  );
}

// ── erasure ─────────────────────────────────────────────────────────────

const SALT_KEY = 'erasure_salt';

/** The record's own random salt, made the first time an address is erased. */
function erasureSalt(db: Db, create: boolean): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(SALT_KEY) as { value: string } | undefined;
  if (row) return row.value;
  if (!create) return null;
  const salt = randomBytes(32).toString('base64');
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(SALT_KEY, salt);
  return salt;
}

const hashWith = (salt: string, email: string) => createHmac('sha256', salt).update(normaliseAddress(email)).digest('hex');

/**
 * A test for erased addresses, for filters that check many: no hashing at all
 * while nobody has been erased. Answers when the address was erased, or null.
 */
export function erasedLookup(db: Db): (email: string) => string | null {
  const salt = erasureSalt(db, false);
  if (!salt) return () => null;
  const find = db.prepare('SELECT erased_at AS erasedAt FROM erased_addresses WHERE hash = ?');
  return (email) => (find.get(hashWith(salt, email)) as { erasedAt: string } | undefined)?.erasedAt ?? null;
}

export type Erasure = Readonly<{ subscribers: number; consentEvents: number; suppressions: number; recipients: number; skips: number; syncedContacts: number; emailEvents: number; alreadyErased: boolean }>;

/**
 * Removes every row naming the address and keeps only its salted hash, in
 * one transaction. Campaign rows already sent or in a batch keep their place
 * (the record's counts must still add up) under the hash instead of the
 * address, with no fields; rows not yet batched are deleted.
 */
export function eraseAddress(db: Db, rawEmail: string, time: string): Erasure {
  const email = normaliseAddress(rawEmail);
  // Deleted rows would otherwise linger in the file's free space and in the WAL: overwrite them with zeros, then
  // checkpoint so no earlier copy of a page stays in the WAL (another reader holding it open can delay that).
  const secure = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    const erasure = erase(db, email, time);
    if (!db.memory) db.pragma('wal_checkpoint(TRUNCATE)');
    return erasure;
  } finally {
    db.pragma(`secure_delete = ${secure ? 'ON' : 'OFF'}`);
  }
}

function erase(db: Db, email: string, time: string): Erasure {
  return db
    .transaction((): Erasure => {
      const hash = hashWith(erasureSalt(db, true)!, email);
      const alreadyErased = db.prepare('INSERT INTO erased_addresses (hash, erased_at) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING').run(hash, time).changes === 0;
      const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params).changes;
      const consentEvents = run('DELETE FROM consent_events WHERE email = ?', email);
      const subscribers = run('DELETE FROM subscribers WHERE email = ?', email);
      const suppressions = run('DELETE FROM suppressions WHERE email = ?', email);
      const skips = run('DELETE FROM skips WHERE email = ?', email);
      const syncedContacts = run('DELETE FROM segment_contacts WHERE email = ?', email);
      // Campaign results: the person's own events (who opened, clicked what) and each email's outcome. The
      // per-campaign counts hold no address and stay, so reports still add up.
      const emailIds = [
        ...(db.prepare('SELECT delivery_id FROM recipients WHERE email = ? AND delivery_id IS NOT NULL').pluck().all(email) as string[]),
        ...(db.prepare('SELECT DISTINCT email_id FROM email_events WHERE lower(recipient) = ?').pluck().all(email) as string[]),
      ];
      let emailEvents = run('DELETE FROM email_events WHERE lower(recipient) = ?', email);
      for (const id of new Set(emailIds)) {
        emailEvents += run('DELETE FROM email_events WHERE email_id = ?', id);
        run('DELETE FROM email_outcomes WHERE email_id = ?', id);
      }
      const recipients =
        run(`DELETE FROM recipients WHERE email = ? AND state IN ('pending', 'failed')`, email) +
        run(`UPDATE recipients SET email = ?, fields = '{}' WHERE email = ?`, `erased:${hash}`, email);
      return { subscribers, consentEvents, suppressions, recipients, skips, syncedContacts, emailEvents, alreadyErased };
    })
    .immediate();
}
