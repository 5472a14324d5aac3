/**
 * `npm run audience:sync`: a subscriber CSV becomes Resend contacts in a
 * segment. Rows stream from the file; each valid row becomes a contact
 * (neutralised: see contact-fields.ts), marked unsubscribed when the address
 * is on the suppression list or a `--suppress` file. Rows go to Resend's
 * bulk import endpoint in chunks (one request per chunk instead of one per
 * contact, which at 2 requests a second would take days for a million rows),
 * with `on_conflict: upsert`.
 *
 * Resumable: after each chunk is imported, the hash of every contact in it is
 * committed to `segment_contacts`. A re-run (after a kill, or next month)
 * skips rows whose hash is unchanged, so it picks up where it stopped; a
 * chunk in flight at the kill is imported again, which upsert makes harmless.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Resend } from 'resend';
import { readAudience } from '../audience/audience.ts';
import { quoteCsvCell } from '../audience/csv.ts';
import { readSuppressionFile, describeSuppression } from '../audience/suppression.ts';
import type { Db } from '../store/db.ts';
import { suppressionLookup } from '../suppressions/suppressions.ts';
import { contactHash, desiredContact, isPropertyColumn, type DesiredContact } from './contact-fields.ts';
import { resendCall } from './resend-call.ts';
import { ensureBroadcastTables } from './schema.ts';
import { findOrCreateSegment } from './segment.ts';

export const DEFAULT_CHUNK_ROWS = 1000;

export type SyncOptions = Readonly<{
  db: Db;
  resend: Resend;
  file: string;
  segment: string;
  suppressFiles?: readonly string[];
  /** Rows per import request. Default 1000. */
  chunkRows?: number;
  /** Progress lines (stderr in the command). */
  log?: (line: string) => void;
  /** How long to wait between polls of an import's status. Default 1000 ms. */
  pollMs?: number;
}>;

export type SyncReport = {
  segmentId: string;
  segmentCreated: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Contacts marked unsubscribed in this run (also counted as created or updated). */
  unsubscribed: number;
  rejected: number;
  duplicates: number;
  /** Field values changed by neutralising (markup, braces, quotes or control characters removed). */
  neutralised: number;
  imports: number;
  rejections: Array<{ line: number; email: string; reason: string }>;
};

/** At most this many rejected rows are listed one by one; the count covers all. */
const MAX_LISTED_REJECTIONS = 200;

type Pending = { contact: DesiredContact; hash: string };

export async function syncAudience(options: SyncOptions): Promise<SyncReport> {
  const { db, resend, log = () => {} } = options;
  ensureBroadcastTables(db);
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const segment = await findOrCreateSegment(db, resend, options.segment);
  log(`segment "${options.segment}" ${segment.created ? 'created' : 'found'} (${segment.id})`);

  const suppressed = await suppressionsFor(db, options.suppressFiles ?? []);
  db.exec('CREATE TEMP TABLE IF NOT EXISTS sync_seen (email TEXT PRIMARY KEY, line INTEGER NOT NULL); DELETE FROM temp.sync_seen;');
  const seen = db.prepare('INSERT INTO temp.sync_seen (email, line) VALUES (?, ?) ON CONFLICT (email) DO NOTHING');
  const firstLine = db.prepare('SELECT line FROM temp.sync_seen WHERE email = ?');
  const lastHash = db.prepare('SELECT hash FROM segment_contacts WHERE segment_id = ? AND email = ?');
  const remember = db.prepare(
    'INSERT INTO segment_contacts (segment_id, email, hash, synced_at) VALUES (?, ?, ?, ?) ON CONFLICT (segment_id, email) DO UPDATE SET hash = excluded.hash, synced_at = excluded.synced_at',
  );

  const report: SyncReport = { segmentId: segment.id, segmentCreated: segment.created, rows: 0, created: 0, updated: 0, unchanged: 0, unsubscribed: 0, rejected: 0, duplicates: 0, neutralised: 0, imports: 0, rejections: [] };
  const list = (line: number, email: string, reason: string) => {
    if (report.rejections.length < MAX_LISTED_REJECTIONS) report.rejections.push({ line, email, reason });
  };

  const audience = await readAudience(options.file);
  const propertyColumns = audience.columns.filter(isPropertyColumn);
  let chunk: Pending[] = [];

  const flush = async () => {
    if (chunk.length === 0) return;
    const imported = await importChunk(resend, segment.id, chunk, propertyColumns, options.pollMs ?? 1000);
    const now = new Date().toISOString();
    db.transaction(() => {
      for (const pending of chunk) remember.run(segment.id, pending.contact.email, pending.hash, now);
    })();
    report.imports += 1;
    report.created += imported.created;
    report.updated += imported.updated + imported.skipped;
    report.rejected += imported.failed;
    report.unsubscribed += chunk.filter((pending) => pending.contact.unsubscribed).length;
    log(`imported ${chunk.length} contacts (${report.rows} rows read)`);
    chunk = [];
  };

  for await (const entry of audience.entries) {
    report.rows += 1;
    if (entry.kind === 'skip') {
      report.rejected += 1;
      list(entry.line, entry.email, entry.detail);
      continue;
    }
    if (seen.run(entry.email, entry.line).changes === 0) {
      report.duplicates += 1;
      const earlier = firstLine.get(entry.email) as { line: number };
      list(entry.line, entry.email, `duplicate: same address as line ${earlier.line}`);
      continue;
    }
    const contact = desiredContact(entry.email, entry.fields, suppressed(entry.email) !== null);
    report.neutralised += contact.neutralised.length;
    const hash = contactHash(contact);
    if ((lastHash.get(segment.id, contact.email) as { hash: string } | undefined)?.hash === hash) {
      report.unchanged += 1;
      continue;
    }
    chunk.push({ contact, hash });
    if (chunk.length >= chunkRows) await flush();
  }
  await flush();
  return report;
}

/** The suppression list plus `--suppress` files (streamed into a temporary table, so big files need no memory). */
async function suppressionsFor(db: Db, files: readonly string[]): Promise<(email: string) => string | null> {
  const listed = suppressionLookup(db);
  db.exec('CREATE TEMP TABLE IF NOT EXISTS sync_suppress (email TEXT PRIMARY KEY, detail TEXT NOT NULL); DELETE FROM temp.sync_suppress;');
  const insert = db.prepare('INSERT INTO temp.sync_suppress (email, detail) VALUES (?, ?) ON CONFLICT (email) DO NOTHING');
  for (const file of files) for await (const entry of await readSuppressionFile(file)) insert.run(entry.email, describeSuppression(entry));
  const fromFiles = db.prepare('SELECT detail FROM temp.sync_suppress WHERE email = ?');
  return (email) => listed(email) ?? (fromFiles.get(email) as { detail: string } | undefined)?.detail ?? null;
}

/** Values are already neutralised; quoting covers commas, quotes and line breaks. */
const cell = (value: string | undefined) => (value === undefined ? '' : quoteCsvCell(value));

export function chunkCsv(chunk: readonly Pending[], propertyColumns: readonly string[]): string {
  const lines = [['email', 'first_name', 'last_name', 'unsubscribed', ...propertyColumns].join(',')];
  for (const { contact } of chunk) {
    // An empty `unsubscribed` leaves Resend's value alone: a sync must never re-subscribe a reader.
    lines.push([contact.email, contact.firstName, contact.lastName, contact.unsubscribed ? 'true' : '', ...propertyColumns.map((column) => contact.properties[column])].map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

type ImportCounts = { created: number; updated: number; skipped: number; failed: number };

async function importChunk(resend: Resend, segmentId: string, chunk: readonly Pending[], propertyColumns: readonly string[], pollMs: number): Promise<ImportCounts> {
  const file = new Blob([chunkCsv(chunk, propertyColumns)], { type: 'text/csv' });
  const columnMap = {
    email: 'email',
    firstName: 'first_name',
    lastName: 'last_name',
    unsubscribed: 'unsubscribed',
    properties: Object.fromEntries(propertyColumns.map((column) => [column, { column, type: 'string' as const }])),
  };
  const created = await resendCall('importing contacts', () => resend.contacts.imports.create({ file, columnMap, onConflict: 'upsert', segments: [{ id: segmentId }] }));
  for (;;) {
    const status = await resendCall('reading the import status', () => resend.contacts.imports.get(created.id));
    if (status.status === 'completed') return status.counts as ImportCounts;
    if (status.status === 'failed') return { created: 0, updated: 0, skipped: 0, failed: chunk.length };
    await delay(pollMs);
  }
}
