/** Writes the suppression list as CSV (address, reason, source, time) to a file or a stream. */
import type { Writable } from 'node:stream';
import { writeCsvLines, writePrivateCsv } from '../audience/csv.ts';
import type { Db } from '../store/db.ts';
import { suppressionCsvLines } from './suppressions.ts';

/** Streams the list, honouring back-pressure; answers how many entries were written. */
export const writeSuppressionCsv = (db: Db, out: Writable): Promise<number> => writeCsvLines(out, suppressionCsvLines(db));

/** Exports to a new owner-only file (the list holds personal addresses), renamed over `file` once complete. */
export const exportSuppressions = (db: Db, file: string): Promise<number> => writePrivateCsv(file, suppressionCsvLines(db));
