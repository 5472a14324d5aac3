/** Writes the suppression list as CSV (address, reason, source, time) to a file or a stream. */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Db } from '../store/db.ts';
import { suppressionCsvLines } from './suppressions.ts';

/** Streams the list, honouring back-pressure; answers how many entries were written. */
export async function writeSuppressionCsv(db: Db, out: Writable): Promise<number> {
  let rows = -1;
  for (const line of suppressionCsvLines(db)) {
    rows += 1;
    if (!out.write(`${line}\r\n`)) await once(out, 'drain');
  }
  return rows;
}

/** Exports to a file created 0600: the list holds personal addresses. */
export async function exportSuppressions(db: Db, file: string): Promise<number> {
  const out = createWriteStream(file, { mode: 0o600 });
  const rows = await writeSuppressionCsv(db, out);
  out.end();
  await once(out, 'finish');
  return rows;
}
