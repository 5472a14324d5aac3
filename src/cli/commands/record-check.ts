/**
 * `dispatch record check <campaign>`: the campaign record's invariants (the
 * store's own list, src/store/record-invariants.ts) and SQLite's integrity
 * check, on a read-only connection. Prints one line per inconsistency, and
 * nothing when the record is consistent.
 */
import { DispatchError, EXIT, printable } from '../../errors/errors.ts';
import { defineCommand } from '../command.ts';

const TRANSPORTS = ['resend', 'outbox'] as const;

export const recordCheck = defineCommand({
  name: 'record check',
  summary: "check a campaign's record for inconsistencies (prints nothing when consistent)",
  usage: '<campaign> [--transport resend|outbox] [--db PATH]',
  description:
    "Checks what must hold after any send, however it ended: every sent recipient in a confirmed batch with its own delivery id, every queued one in an open batch, batch sizes matching their recipients, each address and Idempotency-Key once, and SQLite's integrity. " +
    'Prints each inconsistency on one line, and nothing when there is none. Reads only: the record is never changed.',
  options: {
    transport: { type: 'string', value: 'NAME', description: 'resend or outbox (default: every transport the campaign was sent through)' },
    db: { type: 'string', value: 'PATH', description: 'the record (default: $DISPATCH_DB, else .dispatch/dispatch.db)' },
  },
  arguments: [{ name: 'campaign', what: 'the campaign id' }],
  exitCodes: [
    [EXIT.ok, 'consistent: nothing printed'],
    [EXIT.failed, 'inconsistent: one line per problem'],
    [EXIT.usage, 'usage mistake, no such campaign, or a record that cannot be opened'],
  ],
  async run({ args, options }) {
    const transport = options.transport;
    if (transport !== undefined && !(TRANSPORTS as readonly string[]).includes(transport)) {
      throw new DispatchError(`--transport must be resend or outbox, not ${printable(transport)}`);
    }
    const [{ openDb, resolveDbPath }, { campaignTransports, checkRecord }] = await Promise.all([import('../../store/db.ts'), import('../../store/record-invariants.ts')]);
    const file = resolveDbPath(options.db);
    const db = openDb(file, { readonly: true });
    try {
      const held = campaignTransports(db, args.campaign);
      const transports = transport === undefined ? held : held.filter((t) => t === transport);
      if (transports.length === 0) {
        throw new DispatchError(`${file}: no campaign ${printable(args.campaign)}${transport ? ` sent through ${transport}` : ''}`, {
          hint: held.length > 0 ? `it was sent through ${held.join(' and ')}` : 'check the campaign id (the issue file name unless --campaign was given) and --db',
        });
      }
      const lines = new Set<string>();
      for (const t of transports) {
        for (const problem of checkRecord(db, args.campaign, t).problems) {
          lines.add(problem.startsWith('integrity_check') || transports.length === 1 ? problem : `${t}: ${problem}`);
        }
      }
      for (const line of lines) console.log(line);
      return lines.size > 0 ? EXIT.failed : EXIT.ok;
    } finally {
      db.close();
    }
  },
});
