/**
 * npm run audience:sync -- <subscribers.csv> --segment <name> [--suppress <file.csv>]... [--db PATH] [--chunk N]
 * Upserts every subscriber as a Resend contact in the segment (created if missing), marking
 * suppressed addresses unsubscribed. Needs RESEND_API_KEY (RESEND_BASE_URL for another server).
 * Re-running after a kill picks up where it stopped.
 */
import { Resend } from 'resend';
import { parseCommandArgs } from '../src/cli/args.ts';
import { runCommand } from '../src/cli/run.ts';
import { DispatchError, EXIT } from '../src/errors/errors.ts';
import { DEFAULT_CHUNK_ROWS, syncAudience } from '../src/broadcast/sync.ts';
import { openDb, resolveDbPath } from '../src/store/db.ts';

const USAGE = 'npm run audience:sync -- <subscribers.csv> --segment <name> [--suppress <file.csv>]... [--db PATH] [--chunk N]';

runCommand(async () => {
  const { positionals, values } = parseCommandArgs(USAGE, {
    segment: { type: 'string' },
    suppress: { type: 'string', multiple: true },
    db: { type: 'string' },
    chunk: { type: 'string' },
  });
  const segment = (values.segment as string | undefined)?.trim();
  if (!segment) throw new DispatchError('--segment is required', { hint: `usage: ${USAGE}` });
  const chunkRows = values.chunk === undefined ? DEFAULT_CHUNK_ROWS : Number(values.chunk);
  if (!Number.isInteger(chunkRows) || chunkRows < 1 || chunkRows > 50_000) throw new DispatchError('--chunk must be a whole number from 1 to 50000');
  const apiKey = process.env.RESEND_API_KEY?.trim();
  if (!apiKey) throw new DispatchError('RESEND_API_KEY is not set', { hint: 'audience sync talks to Resend; set the key (and RESEND_BASE_URL for a Resend-compatible server)' });
  const resend = new Resend(apiKey, process.env.RESEND_BASE_URL ? { baseUrl: process.env.RESEND_BASE_URL } : undefined);
  const db = openDb(resolveDbPath(values.db as string | undefined));
  try {
    const report = await syncAudience({ db, resend, file: positionals[0]!, segment, suppressFiles: (values.suppress as string[] | undefined) ?? [], chunkRows, log: (line) => console.error(line) });
    for (const row of report.rejections) console.error(`line ${row.line}: ${row.email || '(no address)'}: ${row.reason}`);
    console.log(
      `Segment "${segment}" (${report.segmentId}): ${report.rows} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ` +
        `${report.unsubscribed} unsubscribed, ${report.rejected} rejected, ${report.duplicates} duplicates` +
        (report.neutralised > 0 ? `; markup removed from ${report.neutralised} rows` : ''),
    );
    return EXIT.ok;
  } finally {
    db.close();
  }
});
