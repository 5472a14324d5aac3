/**
 * npm run broadcast -- content/issues/<file>.yaml --segment <name> [--schedule <time>] [--send]
 *   [--campaign <id>] [--db PATH] [--preflight-tools chromium,java,spamassassin|none]
 * Runs preflight, renders the issue once with Resend's merge tags and creates a Resend broadcast
 * to the segment: a draft (its id printed) or, with --send, sent or scheduled. Running it again
 * never creates or sends a second broadcast for the same campaign. Needs RESEND_API_KEY.
 */
import { Resend } from 'resend';
import { parseCommandArgs } from '../src/cli/args.ts';
import { runCommand } from '../src/cli/run.ts';
import { runBroadcast } from '../src/broadcast/broadcast.ts';
import { DispatchError } from '../src/errors/errors.ts';
import { assertPreflight } from '../src/preflight/index.ts';
import { parseToolList } from '../src/preflight/send-gate.ts';
import { openDb, resolveDbPath } from '../src/store/db.ts';

const USAGE = 'npm run broadcast -- content/issues/<file>.yaml --segment <name> [--schedule <time>] [--send] [--campaign <id>] [--db PATH] [--preflight-tools LIST|none]';

runCommand(async () => {
  const { positionals, values } = parseCommandArgs(USAGE, {
    segment: { type: 'string' },
    schedule: { type: 'string' },
    send: { type: 'boolean' },
    campaign: { type: 'string' },
    db: { type: 'string' },
    'preflight-tools': { type: 'string' },
  });
  const segment = (values.segment as string | undefined)?.trim();
  if (!segment) throw new DispatchError('--segment is required', { hint: `usage: ${USAGE}` });
  const tools = parseToolList(values['preflight-tools'] as string | undefined, '--preflight-tools');
  const apiKey = process.env.RESEND_API_KEY?.trim();
  if (!apiKey) throw new DispatchError('RESEND_API_KEY is not set', { hint: 'broadcasts are created in Resend; set the key (and RESEND_BASE_URL for a Resend-compatible server)' });
  const resend = new Resend(apiKey, process.env.RESEND_BASE_URL ? { baseUrl: process.env.RESEND_BASE_URL } : undefined);
  const db = openDb(resolveDbPath(values.db as string | undefined));
  try {
    const result = await runBroadcast({
      db,
      resend,
      issueFile: positionals[0]!,
      segment,
      campaign: values.campaign as string | undefined,
      schedule: values.schedule as string | undefined,
      send: values.send === true,
      preflight: (issue) => assertPreflight(issue, { tools }),
      log: (line) => console.error(line),
    });
    console.log(`Broadcast ${result.broadcastId} (campaign ${result.campaign}): ${result.state}; this run: ${result.action}`);
    if (result.state === 'draft') console.log('Review it in Resend, then run again with --send to send it.');
  } finally {
    db.close();
  }
});
