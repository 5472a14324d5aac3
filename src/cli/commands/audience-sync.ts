/**
 * `dispatch audience sync`: every subscriber as a Resend contact in a segment
 * (created if missing), suppressed addresses marked unsubscribed. Needs
 * RESEND_API_KEY (RESEND_BASE_URL for another server). Re-running after a kill
 * picks up where it stopped.
 */
import { existsSync } from 'node:fs';
import { DispatchError, EXIT, printable } from '../../errors/errors.ts';
import { defineCommand } from '../command.ts';
import { BRAND_OPTION, DEFAULT_BRAND_PATH, resolveBrandPath } from '../paths.ts';

export const audienceSync = defineCommand({
  name: 'audience sync',
  summary: 'copy subscribers into a Resend segment (for broadcasts)',
  usage: '<subscribers.csv> --segment <name> [--suppress <file.csv>]... [--db PATH] [--chunk N]',
  description:
    'Upserts every subscriber of the CSV as a Resend contact in the segment (created if missing), marking suppressed addresses (and those whose consent expired or was withdrawn) unsubscribed and stripping markup, quotes and control characters from contact fields. ' +
    'Needs RESEND_API_KEY (and RESEND_BASE_URL for a Resend-compatible server). Running it again after a kill resumes.',
  options: {
    segment: { type: 'string', value: 'NAME', required: true, description: 'the Resend segment (required)' },
    suppress: { type: 'string', multiple: true, value: 'CSV', description: 'more addresses to mark unsubscribed (repeatable)' },
    db: { type: 'string', value: 'PATH', description: 'record of the sync (default: $DISPATCH_DB, else .dispatch/dispatch.db)' },
    chunk: { type: 'string', value: 'N', description: 'contacts per request, from 1 to 50000 (default: 1000)' },
    brand: { ...BRAND_OPTION, description: `the brand file whose consent policy applies (default: $DISPATCH_BRAND, else ${DEFAULT_BRAND_PATH} when there is one; without one, consent: warn)` },
  },
  arguments: [{ name: 'audience', what: 'the audience CSV' }],
  exitCodes: [
    [EXIT.ok, 'every row synced, or rejected with its line and reason'],
    [EXIT.failed, 'Resend failed part way; run again to resume'],
    [EXIT.usage, 'usage or configuration error, or Resend refused the key'],
  ],
  async run({ args, options }) {
    const segment = options.segment.trim();
    const [{ Resend }, { DEFAULT_CHUNK_ROWS, syncAudience }, { requireResend, tuningFromEnv }, { openDb, resolveDbPath }] = await Promise.all([
      import('resend'),
      import('../../broadcast/sync.ts'),
      import('../../deliver/send-settings.ts'),
      import('../../store/db.ts'),
    ]);
    const chunkRows = options.chunk === undefined ? DEFAULT_CHUNK_ROWS : Number(options.chunk);
    if (!Number.isInteger(chunkRows) || chunkRows < 1 || chunkRows > 50_000) throw new DispatchError('--chunk must be a whole number from 1 to 50000');
    const { apiKey, baseUrl } = requireResend(process.env, { why: 'audience sync talks to Resend' });
    const limits = tuningFromEnv(process.env);
    const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
    // The brand's `consent` policy: expired or withdrawn consent is synced as unsubscribed, and under `require` so is no consent record.
    const brandFile = options.brand || process.env.DISPATCH_BRAND || (existsSync(DEFAULT_BRAND_PATH) ? DEFAULT_BRAND_PATH : undefined);
    const consent = brandFile ? (await import('../../content/load.ts')).loadBrand(resolveBrandPath(brandFile)).consent : undefined;
    const db = openDb(resolveDbPath(options.db));
    try {
      const report = await syncAudience({ db, resend, limits, file: args.audience, segment, suppressFiles: options.suppress ?? [], chunkRows, consent, log: (line) => console.error(printable(line)) });
      // The address and reason quote the file: a terminal escape in it must show, not act.
      for (const row of report.rejections) console.error(printable(`line ${row.line}: ${row.email || '(no address)'}: ${row.reason}`));
      console.log(
        `Segment "${printable(segment)}" (${report.segmentId}): ${report.rows} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ` +
          `${report.unsubscribed} unsubscribed, ${report.rejected} rejected, ${report.duplicates} duplicates` +
          (report.neutralised > 0 ? `; ${report.neutralised} value${report.neutralised === 1 ? '' : 's'} changed (markup, quotes or control characters removed)` : ''),
      );
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
});
