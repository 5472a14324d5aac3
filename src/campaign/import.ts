/**
 * Reading the audience into the campaign record: suppression files first
 * (into a temporary table), then the audience, row by row, deduplicated on
 * disk. Memory stays flat however long the file is.
 */
import { filterAudience, readAudience, type SkippedRow, type SkipReason } from '../audience/audience.ts';
import { describeSuppression, readSuppressionFile } from '../audience/suppression-files.ts';
import type { CampaignStore } from '../store/campaign-store.ts';
import { everyNth } from './memory.ts';
import { importTransactionRows, reached } from './moments.ts';

export type ImportSummary = Readonly<{
  /** Data rows read (header and empty lines excluded). */
  rows: number;
  /** Rows admitted to this run. */
  admitted: number;
  skipped: Readonly<Record<SkipReason, number>>;
  /** The first skipped rows, for the screen (all of them go to the report). */
  firstSkipped: readonly SkippedRow[];
}>;

/** Skipped rows listed on the screen; the report lists them all. */
const FIRST_SKIPPED_SHOWN = 20;

export async function importAudience(
  store: CampaignStore,
  campaignPk: number,
  run: number,
  files: Readonly<{ audience: string; suppress: readonly string[] }>,
): Promise<ImportSummary> {
  const importer = store.importer(campaignPk, run, importTransactionRows());
  const skipped: Record<SkipReason, number> = { invalid: 0, duplicate: 0, suppressed: 0 };
  const firstSkipped: SkippedRow[] = [];
  let rows = 0;
  let admitted = 0;
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
        continue;
      }
      skipped[entry.reason]++;
      const row: SkippedRow = { line: entry.line, email: entry.email, reason: entry.reason, detail: entry.detail };
      importer.skip(row);
      if (firstSkipped.length < FIRST_SKIPPED_SHOWN) firstSkipped.push(row);
    }
    importer.finish();
  } catch (error) {
    importer.abort();
    throw error;
  }
  return { rows, admitted, skipped, firstSkipped };
}
