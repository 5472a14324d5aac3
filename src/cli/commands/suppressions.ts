/**
 * `dispatch suppressions export`: the suppression list (unsubscribes, hard
 * bounces, complaints) as CSV: address, reason, source, time.
 */
import { DispatchError, EXIT, printable } from '../../errors/errors.ts';
import { defineCommand, usageLine } from '../command.ts';

export const suppressions = defineCommand({
  name: 'suppressions',
  summary: 'export the suppression list as CSV (suppressions export)',
  usage: 'export [--out FILE] [--db PATH]',
  description: 'Writes every suppressed address (unsubscribes, hard bounces, complaints) with its reason, source and time: to FILE (owner-only), or to stdout.',
  options: {
    out: { type: 'string', value: 'FILE', description: 'file to write (default: stdout)' },
    db: { type: 'string', value: 'PATH', description: 'the record holding the list (default: $DISPATCH_DB, else .dispatch/dispatch.db)' },
  },
  arguments: [{ name: 'subcommand', what: 'the subcommand: export' }],
  exitCodes: [
    [EXIT.ok, 'list written'],
    [EXIT.usage, 'usage mistake, or a record that cannot be opened'],
  ],
  async run({ args, options }) {
    if (args.subcommand !== 'export') throw new DispatchError(`unknown command ${printable(args.subcommand)}`, { hint: `usage: ${usageLine(suppressions)}` });
    const [{ openDb, resolveDbPath }, { exportSuppressions, writeSuppressionCsv }] = await Promise.all([import('../../store/db.ts'), import('../../suppressions/export.ts')]);
    // Read-only: a mistyped --db must not become a new, empty record exported as "0 addresses".
    const db = openDb(resolveDbPath(options.db), { readonly: true });
    try {
      if (options.out) {
        const rows = await exportSuppressions(db, options.out);
        console.error(`${rows} suppressed address${rows === 1 ? '' : 'es'} written to ${options.out}`);
      } else {
        await writeSuppressionCsv(db, process.stdout);
      }
    } finally {
      db.close();
    }
  },
});
