/**
 * `dispatch send`: a campaign to an audience. With RESEND_API_KEY set (and
 * UNSUBSCRIBE_SECRET), through Resend; otherwise one .eml per recipient in
 * outbox/<campaign>/. Re-running the same campaign resumes it.
 */
import { createInterface } from 'node:readline/promises';
import { EXIT } from '../../errors/errors.ts';
import { defineCommand, ISSUE_ARGUMENT } from '../command.ts';
import { BRAND_OPTION, resolveBrandPath } from '../paths.ts';

/** Asks on the terminal (stderr, so stdout stays the command's output). */
async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export const send = defineCommand({
  name: 'send',
  summary: 'deliver a campaign: Resend with RESEND_API_KEY, else .eml files in outbox/',
  usage: 'content/issues/<file>.yaml --audience <subscribers.csv> [--suppress <file.csv>]... [--campaign <id>] [--dry-run] [--test-to a@x.org,b@y.org] [--schedule <ISO time>] [--yes] [--db PATH] [--outbox DIR] [--brand FILE]',
  description:
    'Renders the issue once, runs preflight, and delivers one personalised copy per subscriber: through Resend when RESEND_API_KEY is set (with UNSUBSCRIBE_SECRET), ' +
    'otherwise as .eml files in outbox/<campaign>/. Running the same command again resumes the campaign without duplicates. ' +
    'A real send asks for confirmation on a terminal unless --yes is given.',
  options: {
    audience: { type: 'string', value: 'CSV', description: 'subscribers: a CSV with an email column; other columns are merge fields' },
    suppress: { type: 'string', multiple: true, value: 'CSV', description: 'addresses not to send to (repeatable)' },
    campaign: { type: 'string', value: 'ID', description: "campaign id (default: the issue file's name)" },
    'dry-run': { type: 'boolean', description: 'print the plan (recipients, skipped rows, batches, time) and send nothing' },
    'test-to': { type: 'string', multiple: true, value: 'ADDRESSES', description: 'send a [TEST] copy to these addresses only, outside the campaign record' },
    schedule: { type: 'string', value: 'TIME', description: 'ISO 8601 time with a zone at which Resend sends' },
    yes: { type: 'boolean', description: 'do not ask for confirmation' },
    'accept-health': { type: 'boolean', description: "send on although the campaign's health guard stopped it (bounce or complaint rate past brand.yaml results.health)" },
    db: { type: 'string', value: 'PATH', description: 'campaign record (default: $DISPATCH_DB, else .dispatch/dispatch.db)' },
    outbox: { type: 'string', value: 'DIR', description: 'outbox folder (default: outbox)' },
    brand: BRAND_OPTION,
  },
  arguments: [ISSUE_ARGUMENT],
  exitCodes: [
    [EXIT.ok, 'everyone has it'],
    [EXIT.failed, 'some recipients failed (listed in .dispatch/<campaign>.<resend|outbox>.report.json), or the run stopped after emails went out (the last line says how many); run the same command again to finish'],
    [EXIT.usage, 'nothing was sent: usage, configuration or content error'],
  ],
  async run({ args, options }) {
    const brandPath = resolveBrandPath(options.brand);
    const { sendCampaign } = await import('../../campaign/send-campaign.ts');
    // Ctrl-C (or a service manager's SIGTERM): finish the batches in flight and write the report;
    // a second signal quits at once. Either way a re-run resumes without duplicates.
    const stop = new AbortController();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        if (stop.signal.aborted) process.exit(130);
        console.error('Stopping after the batches in flight (Ctrl-C again to quit now; a re-run resumes safely)…');
        stop.abort();
        process.once(signal, () => process.exit(130));
      });
    }
    const result = await sendCampaign({
      issueFile: args.issue,
      brandPath,
      audienceFile: options.audience,
      suppressFiles: options.suppress ?? [],
      campaign: options.campaign,
      dryRun: Boolean(options['dry-run']),
      testTo: options['test-to'],
      schedule: options.schedule,
      yes: Boolean(options.yes),
      acceptHealth: Boolean(options['accept-health']),
      dbPath: options.db,
      outboxDir: options.outbox,
      verbose: Boolean(options.verbose),
      signal: stop.signal,
      ...(process.stdin.isTTY && process.stderr.isTTY ? { confirm: ask } : {}),
    });
    return result.exitCode;
  },
});
