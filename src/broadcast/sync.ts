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
import { readSuppressionFile, describeSuppression } from '../audience/suppression-files.ts';
import { addressesSeen, segmentContacts } from '../store/broadcasts.ts';
import type { Db } from '../store/db.ts';
import { suppressionFilter, type SuppressionFilter } from '../store/suppressions.ts';
import type { ConsentPolicy } from '../subscribers/consent.ts';
import { contactHash, desiredContact, isPropertyColumn, type DesiredContact } from './contact-fields.ts';
import { resendCall, type CallLimits } from './resend-call.ts';
import { findOrCreateSegment } from './segment.ts';

export const DEFAULT_CHUNK_ROWS = 1000;

export type SyncOptions = Readonly<{
  db: Db;
  resend: Resend;
  /** Retry limits (DISPATCH_*, from tuningFromEnv); default: the send's. */
  limits?: CallLimits;
  file: string;
  segment: string;
  suppressFiles?: readonly string[];
  /** Rows per import request. Default 1000. */
  chunkRows?: number;
  /** Progress lines (stderr in the command). */
  log?: (line: string) => void;
  /** How long to wait between polls of an import's status. Default 1000 ms. */
  pollMs?: number;
  /** brand.yaml's `consent`. Default warn. */
  consent?: ConsentPolicy;
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
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const segment = await findOrCreateSegment(db, resend, options.segment, options.limits);
  log(`segment "${options.segment}" ${segment.created ? 'created' : 'found'} (${segment.id})`);

  const filter = await suppressionsFor(db, options.suppressFiles ?? [], options.consent);
  const seen = addressesSeen(db);
  const contacts = segmentContacts(db, segment.id);

  const report: SyncReport = { segmentId: segment.id, segmentCreated: segment.created, rows: 0, created: 0, updated: 0, unchanged: 0, unsubscribed: 0, rejected: 0, duplicates: 0, neutralised: 0, imports: 0, rejections: [] };
  const list = (line: number, email: string, reason: string) => {
    if (report.rejections.length < MAX_LISTED_REJECTIONS) report.rejections.push({ line, email, reason });
  };

  const audience = await readAudience(options.file);
  const propertyColumns = audience.columns.filter(isPropertyColumn);
  let chunk: Pending[] = [];

  const flush = async () => {
    if (chunk.length === 0) return;
    const imported = await importChunk(resend, segment.id, chunk, propertyColumns, options.pollMs ?? 1000, options.limits);
    contacts.remember(chunk.map((pending) => ({ email: pending.contact.email, hash: pending.hash })));
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
    const earlier = seen.first(entry.email, entry.line);
    if (earlier !== null) {
      report.duplicates += 1;
      list(entry.line, entry.email, `duplicate: same address as line ${earlier}`);
      continue;
    }
    const verdict = filter.verdict(entry.email);
    // Consent the record cannot show (expired, withdrawn; none under `consent: require`): listed with its reason, and synced as unsubscribed.
    if (verdict?.reason === 'consent') list(entry.line, entry.email, verdict.detail);
    const contact = desiredContact(entry.email, entry.fields, verdict !== null);
    report.neutralised += contact.neutralised.length;
    const hash = contactHash(contact);
    if (contacts.lastHash(contact.email) === hash) {
      report.unchanged += 1;
      continue;
    }
    chunk.push({ contact, hash });
    if (chunk.length >= chunkRows) await flush();
  }
  await flush();
  return report;
}

/** The store's suppression filter, with the `--suppress` files added (streamed into its temporary table, so big files need no memory). */
async function suppressionsFor(db: Db, files: readonly string[], consent: ConsentPolicy | undefined): Promise<SuppressionFilter> {
  const filter = suppressionFilter(db, { consent });
  for (const file of files) for await (const entry of await readSuppressionFile(file)) filter.add(entry.email, describeSuppression(entry));
  return filter;
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

async function importChunk(resend: Resend, segmentId: string, chunk: readonly Pending[], propertyColumns: readonly string[], pollMs: number, limits?: CallLimits): Promise<ImportCounts> {
  const file = new Blob([chunkCsv(chunk, propertyColumns)], { type: 'text/csv' });
  const columnMap = {
    email: 'email',
    firstName: 'first_name',
    lastName: 'last_name',
    unsubscribed: 'unsubscribed',
    properties: Object.fromEntries(propertyColumns.map((column) => [column, { column, type: 'string' as const }])),
  };
  const created = await resendCall('importing contacts', (signal) => resend.contacts.imports.create({ file, columnMap, onConflict: 'upsert', segments: [{ id: segmentId }] }, { signal }), limits);
  for (;;) {
    const status = await resendCall('reading the import status', (signal) => resend.contacts.imports.get(created.id, { signal }), limits);
    if (status.status === 'completed') return status.counts as ImportCounts;
    if (status.status === 'failed') return { created: 0, updated: 0, skipped: 0, failed: chunk.length };
    await delay(pollMs);
  }
}
