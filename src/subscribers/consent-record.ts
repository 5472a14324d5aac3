/**
 * `dispatch subscribers import|export|erase`: bringing an existing list's
 * consent into the record, handing the record over (to a regulator, or to the
 * person it is about), and erasing a person.
 *
 * Import reads `email`, `first_name`, `postal_code`, `locale`, `consent`
 * (`express` | `implied`), `consent_date`, `consent_source` and
 * `implied_reason` (donation, membership, volunteering, inquiry). Every row
 * is checked first; one bad row means nothing is written, and each problem is
 * one `file:line: column: what to do` line.
 */
import path from 'node:path';
import type { Writable } from 'node:stream';
import { checkAddress } from '../audience/email-address.ts';
import { openCsv, writeCsvLines, writePrivateCsv } from '../audience/csv.ts';
import { didYouMean } from '../errors/did-you-mean.ts';
import { ContentError, printable } from '../errors/errors.ts';
import type { Db } from '../store/db.ts';
import { appendConsent, eraseAddress, erasedLookup, listConsentRecord, upsertSubscriber, type ConsentEvent, type Erasure } from '../store/subscribers.ts';
import { csvCell } from '../suppressions/suppressions.ts';
import { IMPLIED_REASONS, impliedExpiry } from './consent.ts';

export const IMPORT_COLUMNS = ['email', 'first_name', 'postal_code', 'locale', 'consent', 'consent_date', 'consent_source', 'implied_reason'] as const;

export type ConsentImport = Readonly<{
  rows: number;
  /** Consent events appended (a row already imported adds none). */
  added: number;
  /** Rows naming an erased address: refused, never re-added. */
  refused: readonly Readonly<{ line: number; email: string; detail: string }>[];
}>;

/** ` (did you mean "implied"?)`, or nothing when no word is close. */
function suggest(word: string, known: readonly string[]): string {
  const match = didYouMean(word, known);
  return match ? ` (${match})` : '';
}

/** `2024-10-06` or a full ISO 8601 time → ISO 8601 UTC; null when it is neither, or a day that does not exist. */
function parseConsentDate(text: string): string | null {
  const value = text.trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    return date.toISOString().slice(0, 10) === value ? date.toISOString() : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * Imports a consent CSV into the record in one transaction: all rows or none.
 * `now` (ms) bounds consent dates (none in the future) and stamps the rows.
 */
export async function importConsent(db: Db, file: string, now: number = Date.now()): Promise<ConsentImport> {
  const table = await openCsv(file, { kind: 'subscriber' });
  const problems: string[] = [];
  const unknown = table.columns.filter((column, index) => index !== table.emailIndex && !(IMPORT_COLUMNS as readonly string[]).includes(column));
  for (const column of unknown) problems.push(`${file}:1: ${printable(column)}: not a subscriber column${suggest(column, IMPORT_COLUMNS)} (columns: ${IMPORT_COLUMNS.join(', ')})`);
  for (const column of ['consent', 'consent_date'] as const) {
    if (!table.columns.includes(column)) problems.push(`${file}:1: ${column}: the column is missing (every row needs its consent and consent_date: CASL asks when and how)`);
  }
  if (problems.length > 0) throw new ContentError(file, problems);

  const column = (cells: readonly string[], name: string) => {
    const index = table.columns.indexOf(name);
    const value = index < 0 ? '' : (cells[index] ?? '').trim();
    return value === '' ? null : value;
  };
  const erased = erasedLookup(db);
  const recordedAt = new Date(now).toISOString();
  const base = path.basename(file);
  const refused: { line: number; email: string; detail: string }[] = [];
  let rows = 0;
  let added = 0;
  db.exec('BEGIN IMMEDIATE');
  try {
    for await (const row of table.rows) {
      rows++;
      const at = `${file}:${row.line}`;
      const address = checkAddress(row.cells[table.emailIndex] ?? '');
      if (!address.ok) {
        problems.push(`${at}: email: ${address.reason}`);
        continue;
      }
      const consent = column(row.cells, 'consent')?.toLowerCase() ?? null;
      const date = column(row.cells, 'consent_date');
      const reason = column(row.cells, 'implied_reason')?.toLowerCase() ?? null;
      const source = column(row.cells, 'consent_source');
      const occurredAt = date === null ? null : parseConsentDate(date);
      const before = problems.length;
      if (consent !== 'express' && consent !== 'implied') problems.push(`${at}: consent: ${consent === null ? 'empty' : `"${printable(consent)}"`}; write express or implied${consent ? suggest(consent, ['express', 'implied']) : ''}`);
      if (date === null) problems.push(`${at}: consent_date: empty; write the day consent was given or the relationship began, as YYYY-MM-DD`);
      else if (occurredAt === null) problems.push(`${at}: consent_date: "${printable(date)}" is not a date; write YYYY-MM-DD`);
      else if (Date.parse(occurredAt) > now) problems.push(`${at}: consent_date: ${date} is in the future`);
      if (consent === 'implied' && (reason === null || !IMPLIED_REASONS.includes(reason))) {
        problems.push(`${at}: implied_reason: ${reason === null ? 'empty' : `"${printable(reason)}"`}; write one of ${IMPLIED_REASONS.join(', ')}${reason ? suggest(reason, IMPLIED_REASONS) : ''}`);
      }
      if (consent === 'express' && reason !== null) problems.push(`${at}: implied_reason: only implied consent has a reason; empty it, or write consent implied`);
      if (consent === 'express' && source === null) problems.push(`${at}: consent_source: empty; say how express consent was given (e.g. "paper form, 2024 AGM"): CASL asks the sender to prove it`);
      if (problems.length > before) continue;

      const erasedAt = erased(address.email);
      if (erasedAt) {
        refused.push({ line: row.line, email: address.email, detail: `erased on request (${erasedAt.slice(0, 10)}): never re-added` });
        continue;
      }
      upsertSubscriber(db, { email: address.email, firstName: column(row.cells, 'first_name'), postalCode: column(row.cells, 'postal_code'), locale: column(row.cells, 'locale'), createdAt: recordedAt });
      const event: ConsentEvent =
        consent === 'express'
          ? { email: address.email, kind: 'given', occurredAt: occurredAt!, source: `${source} (import ${base}:${row.line})`, recordedAt }
          : { email: address.email, kind: 'implied', occurredAt: occurredAt!, source: `${source ?? reason} (import ${base}:${row.line})`, impliedReason: reason, expiresAt: impliedExpiry(reason!, occurredAt!), recordedAt };
      if (appendConsent(db, event)) added++;
    }
    if (problems.length > 0) throw new ContentError(file, problems);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return { rows, added, refused };
}

export const CONSENT_CSV_HEADER = 'email,first_name,postal_code,locale,event,occurred_at,source,implied_reason,expires_at,statement_version,statement_hash,ip,recorded_at';

/** The record as CSV lines (header first): every event with the person's details; one person's with `email`. */
export function* consentCsvLines(db: Db, email?: string): Generator<string> {
  yield CONSENT_CSV_HEADER;
  // A record written before the consent record existed, opened read-only (not upgraded): nothing recorded.
  if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'consent_events'`).get() === undefined) return;
  for (const e of listConsentRecord(db, email)) {
    yield [e.email, e.firstName, e.postalCode, e.locale, e.kind, e.occurredAt, e.source, e.impliedReason, e.expiresAt, e.statementVersion, e.statementHash, e.ip, e.recordedAt].map((value) => csvCell(value ?? '')).join(',');
  }
}

/** Streams the record, honouring back-pressure; answers how many events were written. */
export const writeConsentCsv = (db: Db, out: Writable, email?: string): Promise<number> => writeCsvLines(out, consentCsvLines(db, email));

/** To a new owner-only file (it holds personal data), renamed over `file` once complete. */
export const exportConsent = (db: Db, file: string, email?: string): Promise<number> => writePrivateCsv(file, consentCsvLines(db, email));

/** Erases a person (see eraseAddress); the address must be one (a typo must not erase nobody silently). */
export function erasePerson(db: Db, email: string, now: number = Date.now()): Erasure {
  return eraseAddress(db, email, new Date(now).toISOString());
}
