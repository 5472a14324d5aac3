/**
 * Reading the audience into the campaign record: suppression files first
 * (into a temporary table), then the audience, row by row, deduplicated on
 * disk. Memory stays flat however long the file is.
 */
import { filterAudience, readAudience, type SkipCounts, type SkippedRow } from '../audience/audience.ts';
import { describeSuppression, readSuppressionFile } from '../audience/suppression-files.ts';
import type { CampaignStore } from '../store/campaign-store.ts';
import type { Db } from '../store/db.ts';
import type { ConsentPolicy } from '../subscribers/consent.ts';
import { everyNth } from './memory.ts';
import { importTransactionRows, reached } from './moments.ts';

export type ImportSummary = Readonly<{
  /** Data rows read (header and empty lines excluded). */
  rows: number;
  /** Rows admitted to this run. */
  admitted: number;
  skipped: Readonly<SkipCounts>;
  /** The first skipped rows, for the screen (all of them go to the report). */
  firstSkipped: readonly SkippedRow[];
  /** Under `consent: warn`: admitted rows with no consent record, and the first of them by line. */
  unconsented: number;
  firstUnconsented: readonly Readonly<{ line: number; email: string; detail: string }>[];
}>;

/** Skipped rows listed on the screen; the report lists them all. */
const FIRST_SKIPPED_SHOWN = 20;

export async function importAudience(
  store: CampaignStore,
  campaignPk: number,
  run: number,
  files: Readonly<{
    audience: string;
    suppress: readonly string[];
    /** brand.yaml's `consent`; default warn. */
    consent?: ConsentPolicy;
    /** The record whose suppression list and consent apply, when it is not the store's (the dry run's scratch record). */
    record?: Db;
  }>,
): Promise<ImportSummary> {
  const importer = store.importer(campaignPk, run, importTransactionRows(), { consent: files.consent, record: files.record });
  const skipped: SkipCounts = { invalid: 0, duplicate: 0, suppressed: 0 };
  const firstSkipped: SkippedRow[] = [];
  const firstUnconsented: { line: number; email: string; detail: string }[] = [];
  let rows = 0;
  let admitted = 0;
  let unconsented = 0;
  try {
    for (const file of files.suppress) {
      for await (const entry of await readSuppressionFile(file)) importer.addSuppression(entry.email, describeSuppression(entry));
    }
    const audience = await readAudience(files.audience);
    const tidy = everyNth(100_000);
    for await (const entry of filterAudience(audience.entries, importer)) {
      rows++;
      tidy();
      reached('import-row');
      if (entry.kind === 'row') {
        admitted++;
        const warning = importer.consentWarning(entry.email);
        if (warning !== null && unconsented++ < FIRST_SKIPPED_SHOWN) firstUnconsented.push({ line: entry.line, email: entry.email, detail: warning });
        continue;
      }
      skipped[entry.reason] = (skipped[entry.reason] ?? 0) + 1;
      const row: SkippedRow = { line: entry.line, email: entry.email, reason: entry.reason, detail: entry.detail };
      importer.skip(row);
      if (firstSkipped.length < FIRST_SKIPPED_SHOWN) firstSkipped.push(row);
    }
    importer.finish();
  } catch (error) {
    importer.abort();
    throw error;
  }
  return { rows, admitted, skipped, firstSkipped, unconsented, firstUnconsented };
}
