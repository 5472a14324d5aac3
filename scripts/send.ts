/**
 * npm run send -- content/issues/<file>.yaml --audience <subscribers.csv> [--suppress <file.csv>]...
 *   [--campaign <id>] [--dry-run] [--test-to a@x.org,b@y.org] [--schedule <ISO time>] [--yes]
 *   [--db PATH] [--outbox DIR] [--verbose]
 *
 * With RESEND_API_KEY set (and UNSUBSCRIBE_SECRET), sends through Resend; otherwise writes one .eml
 * per recipient to outbox/<campaign>/. Re-running the same campaign resumes it. A real send asks
 * for confirmation on a terminal unless --yes is given; without a terminal (CI, scripts) it does not ask.
 * Exit codes: 0 all delivered, 1 some recipients failed (see the report), 2 usage, configuration or
 * content error (nothing sent).
 */
import { createInterface } from 'node:readline/promises';
import { runCommand } from '../src/cli/run.ts';
import { parseCommandArgs } from '../src/cli/args.ts';
import { sendCampaign } from '../src/campaign/send-campaign.ts';

const USAGE =
  'npm run send -- content/issues/<file>.yaml --audience <subscribers.csv> [--suppress <file.csv>]... [--campaign <id>] [--dry-run] [--test-to a@x.org,b@y.org] [--schedule <ISO time>] [--yes] [--db PATH] [--outbox DIR] [--verbose]';

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

runCommand(async () => {
  const { positionals, values } = parseCommandArgs(USAGE, {
    audience: { type: 'string' },
    suppress: { type: 'string', multiple: true },
    campaign: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'test-to': { type: 'string', multiple: true },
    schedule: { type: 'string' },
    yes: { type: 'boolean' },
    db: { type: 'string' },
    outbox: { type: 'string' },
  });
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
    issueFile: positionals[0]!,
    audienceFile: values.audience as string | undefined,
    suppressFiles: (values.suppress as string[] | undefined) ?? [],
    campaign: values.campaign as string | undefined,
    dryRun: Boolean(values['dry-run']),
    testTo: values['test-to'] as string[] | undefined,
    schedule: values.schedule as string | undefined,
    yes: Boolean(values.yes),
    dbPath: values.db as string | undefined,
    outboxDir: values.outbox as string | undefined,
    verbose: Boolean(values.verbose),
    signal: stop.signal,
    ...(process.stdin.isTTY && process.stderr.isTTY ? { confirm: ask } : {}),
  });
  return result.exitCode;
});
