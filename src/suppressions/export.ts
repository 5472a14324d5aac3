/** Writes the suppression list as CSV (address, reason, source, time) to a file or a stream. */
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { fileError } from '../errors/errors.ts';
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

/**
 * Exports to a new file, 0600, renamed over `file` once complete: the list holds personal addresses, so an
 * existing file's looser mode must not carry over (opening it in place kept it), and a failure leaves the old one.
 */
export async function exportSuppressions(db: Db, file: string): Promise<number> {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    const out = createWriteStream(temporary, { mode: 0o600, flags: 'wx' });
    await once(out, 'open');
    const rows = await writeSuppressionCsv(db, out);
    out.end();
    await once(out, 'finish');
    renameSync(temporary, file);
    return rows;
  } catch (error) {
    rmSync(temporary, { force: true });
    throw fileError(error, file) ?? error;
  }
}
