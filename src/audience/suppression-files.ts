/**
 * Suppression files (`--suppress`): addresses that must never be sent to,
 * one per row, as a CSV with an `email` column (a bare list of addresses
 * without a header is accepted too, since that is what many tools export).
 */
import path from 'node:path';
import { checkAddress } from './email-address.ts';
import { openCsv } from './csv.ts';

export type SuppressedAddress = Readonly<{ email: string; line: number; source: string }>;

/** Streams the valid addresses of a suppression file; rows without a valid address cannot match anyone and are passed over. */
export async function readSuppressionFile(file: string): Promise<AsyncIterable<SuppressedAddress>> {
  const table = await openCsv(file, { kind: 'suppression', allowBareList: true });
  const source = path.basename(file);
  async function* addresses(): AsyncGenerator<SuppressedAddress> {
    for await (const row of table.rows) {
      const checked = checkAddress(row.cells[table.emailIndex] ?? '');
      if (checked.ok) yield { email: checked.email, line: row.line, source };
    }
  }
  return addresses();
}

/** How a suppressed row is described in reports: `in stop.csv line 4`. */
export const describeSuppression = (entry: Readonly<{ source: string; line: number }>): string => `in ${entry.source} line ${entry.line}`;

/** Reads suppression files into memory: for small lists (test sends, unit tests). */
export async function loadSuppressions(files: readonly string[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const file of files) {
    for await (const entry of await readSuppressionFile(file)) if (!map.has(entry.email)) map.set(entry.email, describeSuppression(entry));
  }
  return map;
}
