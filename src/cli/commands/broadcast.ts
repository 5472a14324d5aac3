/**
 * `dispatch broadcast`: preflight, render the issue once with Resend's merge
 * tags and create a Resend broadcast to a segment: a draft (its id printed)
 * or, with --send, sent or scheduled. Running it again never creates or sends
 * a second broadcast for the same campaign. Needs RESEND_API_KEY.
 */
import { EXIT, printable } from '../../errors/errors.ts';
import { defineCommand, ISSUE_ARGUMENT } from '../command.ts';
import { BRAND_OPTION, resolveBrandPath } from '../paths.ts';

export const broadcast = defineCommand({
  name: 'broadcast',
  summary: 'a Resend broadcast of an issue to a segment (a draft unless --send)',
  usage: 'content/issues/<file>.yaml --segment <name> [--schedule <time>] [--send] [--campaign <id>] [--db PATH] [--preflight-tools LIST|none] [--brand FILE]',
  description:
    'Runs preflight, renders the issue once with Resend merge tags and creates a broadcast to the segment: a draft whose id is printed, or with --send sent (or scheduled). ' +
    'The record remembers it, so running again never creates or sends a second one. Needs RESEND_API_KEY.',
  options: {
    segment: { type: 'string', value: 'NAME', required: true, description: 'the Resend segment to send to (required; fill it with dispatch audience sync)' },
    schedule: { type: 'string', value: 'TIME', description: 'ISO 8601 time with a zone at which Resend sends (needs --send)' },
    send: { type: 'boolean', description: 'send (or schedule) the broadcast instead of leaving a draft' },
    campaign: { type: 'string', value: 'ID', description: "campaign id (default: the issue file's name)" },
    db: { type: 'string', value: 'PATH', description: 'campaign record (default: $DISPATCH_DB, else .dispatch/dispatch.db)' },
    'preflight-tools': { type: 'string', value: 'LIST', description: "preflight's external tools: chromium,java,spamassassin, or none (default: DISPATCH_PREFLIGHT_TOOLS, else all three)" },
    brand: BRAND_OPTION,
  },
  arguments: [ISSUE_ARGUMENT],
  exitCodes: [
    [EXIT.ok, 'the broadcast is a draft, sent or scheduled'],
    [EXIT.failed, 'Resend failed part way; run again to carry on'],
    [EXIT.usage, 'nothing sent: usage, configuration or content error, preflight found an error, or Resend refused the key'],
  ],
  async run({ args, options }) {
    const segment = options.segment.trim();
    const [{ Resend }, { runBroadcast }, { preflightGate, toolsFor }, { openDb, resolveDbPath }, { requireResend, tuningFromEnv }] = await Promise.all([
      import('resend'),
      import('../../broadcast/broadcast.ts'),
      import('../../preflight/send-gate.ts'),
      import('../../store/db.ts'),
      import('../../deliver/send-settings.ts'),
    ]);
    const tools = toolsFor(process.env, options['preflight-tools']);
    const { apiKey, baseUrl } = requireResend(process.env, { why: 'broadcasts are created in Resend' });
    const limits = tuningFromEnv(process.env);
    const brandPath = resolveBrandPath(options.brand);
    const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
    const db = openDb(resolveDbPath(options.db));
    try {
      const result = await runBroadcast({
        db,
        resend,
        limits,
        issueFile: args.issue,
        brandPath,
        segment,
        campaign: options.campaign,
        schedule: options.schedule,
        send: options.send === true,
        // The one gate, on a sample built as the send builds its messages (Resend fills the broadcast's own merge tags).
        preflight: (issue) => preflightGate({ issue, tools }),
        log: (line) => console.error(printable(line)),
      });
      console.log(printable(`Broadcast ${result.broadcastId} (campaign ${result.campaign}): ${result.state}; this run: ${result.action}`));
      if (result.state === 'draft') console.log('Review it in Resend, then run again with --send to send it.');
    } finally {
      db.close();
    }
  },
});
