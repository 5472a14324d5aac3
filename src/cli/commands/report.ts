/**
 * `dispatch report <campaign>`: what happened after "sent", from the events
 * `serve` recorded (src/results). A table, `--json`, or a self-contained
 * page with charts (`--html FILE`). Reads the record only.
 */
import { existsSync } from 'node:fs';
import { DispatchError, EXIT, printable } from '../../errors/errors.ts';
import { defineCommand } from '../command.ts';
import { BRAND_OPTION, resolveBrandPath } from '../paths.ts';

export const report = defineCommand({
  name: 'report',
  summary: "a campaign's results: delivery, bounces, complaints, unsubscribes, clicks per block and over time",
  usage: '<campaign> [--json] [--html FILE] [--issue FILE] [--brand FILE] [--db PATH]',
  description:
    'Reads the counts serve keeps from Resend\'s webhook events (delivered, delayed, bounced, complained, opened, clicked…) and the send\'s record. ' +
    'Opens are shown with a warning: Apple Mail Privacy Protection and image proxies inflate them; clicks are the measure. ' +
    'Who clicked is shown only when brand.yaml sets results.perRecipient: true, and only for events still kept (results.retentionDays).',
  options: {
    json: { type: 'boolean', description: 'print the report as JSON' },
    html: { type: 'string', value: 'FILE', description: 'write a self-contained page with charts (no network) to FILE' },
    issue: { type: 'string', value: 'FILE', description: "the issue file the campaign sent, for block titles (default: the file the record names, if it is still there)" },
    brand: BRAND_OPTION,
    db: { type: 'string', value: 'PATH', description: 'the record (default: $DISPATCH_DB, else .dispatch/dispatch.db)' },
  },
  arguments: [{ name: 'campaign', what: 'the campaign id' }],
  exitCodes: [
    [EXIT.ok, 'report printed (or written)'],
    [EXIT.usage, 'usage mistake, no such campaign, a brand or issue file that does not load, or a record that cannot be opened'],
  ],
  async run({ args, options }) {
    const brandPath = resolveBrandPath(options.brand);
    const [{ loadBrand, loadIssueContent }, { openDb, resolveDbPath }, { hasResults, issueFileOf }, { buildReport }, { resultsSettings }, { formatReportText }] = await Promise.all([
      import('../../content/load.ts'),
      import('../../store/db.ts'),
      import('../../store/results.ts'),
      import('../../results/report.ts'),
      import('../../results/settings.ts'),
      import('../../results/report-text.ts'),
    ]);
    const brand = loadBrand(brandPath);
    const settings = resultsSettings(brand);
    const file = resolveDbPath(options.db);
    const db = openDb(file, { readonly: true });
    try {
      if (!hasResults(db)) {
        throw new DispatchError(`${file}: this record has no campaign results yet (it was last written by an earlier version)`, { hint: 'run dispatch serve (or a send) with this version once: it upgrades the record and starts recording events' });
      }
      const issueFile = options.issue ?? issueFileOf(db, args.campaign);
      if (options.issue && !existsSync(options.issue)) throw new DispatchError(`${options.issue}: issue file not found`, { hint: 'pass the issue file the campaign sent, or leave --issue out' });
      const issue = issueFile && existsSync(issueFile) ? loadIssueContent(issueFile) : undefined;
      const built = buildReport({ db, campaign: args.campaign, settings, ...(issue ? { issue } : {}) });
      if (!built) throw new DispatchError(`${file}: no campaign ${printable(args.campaign)} sent through Resend`, { hint: 'check the campaign id (the issue file name unless --campaign was given) and --db' });
      if (options.html) {
        const { writeReportHtml } = await import('../../results/report-html.ts');
        await writeReportHtml(built, options.html, brand.colors);
        console.error(`report written to ${options.html}`);
      }
      if (options.json) console.log(JSON.stringify(built, null, 2));
      else if (!options.html) console.log(formatReportText(built));
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
});
