/**
 * The suppression list: addresses that must never be mailed again, with why
 * and since when. It is the store's `suppressions` table (src/store/suppressions.ts:
 * one row per address), so `npm run send`, `npm run audience:sync` and
 * `npm run serve` share it, and unsubscribe records survive as the evidence
 * Canada's anti-spam law asks for (`npm run suppressions -- export`).
 */
import { normaliseAddress } from '../audience/email-address.ts';
import { quoteCsvCell } from '../audience/csv.ts';
import type { Db } from '../store/db.ts';
import { listSuppressions, suppressionFilter } from '../store/suppressions.ts';

export { addSuppression, findSuppression, listSuppressions, type Suppression, type SuppressionReason } from '../store/suppressions.ts';

/**
 * A lookup in the shape the audience filter takes (`AudienceFilter.suppression`):
 * the store's suppression filter with no `--suppress` files, for any address.
 */
export function suppressionLookup(db: Db): (email: string) => string | null {
  const filter = suppressionFilter(db);
  return (email) => filter.reason(normaliseAddress(email));
}

export const SUPPRESSION_CSV_HEADER = 'address,reason,source,time';

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula. */
export function csvCell(value: string): string {
  return quoteCsvCell(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

/** The list as CSV lines (header first), for `npm run suppressions -- export`. */
export function* suppressionCsvLines(db: Db): Generator<string> {
  yield SUPPRESSION_CSV_HEADER;
  for (const entry of listSuppressions(db)) yield [entry.address, entry.reason, entry.source, entry.time].map(csvCell).join(',');
}
