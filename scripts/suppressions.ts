/**
 * npm run suppressions -- export [--out FILE] [--db PATH]
 * Writes the suppression list (unsubscribes, hard bounces, complaints) as CSV:
 * address, reason, source, time. Without --out, to stdout.
 */
import { parseCommandArgs } from '../src/cli/args.ts';
import { runCommand } from '../src/cli/run.ts';
import { DispatchError } from '../src/errors/errors.ts';
import { openDb, resolveDbPath } from '../src/store/db.ts';
import { exportSuppressions, writeSuppressionCsv } from '../src/suppressions/export.ts';

const USAGE = 'npm run suppressions -- export [--out FILE] [--db PATH]';

runCommand(async () => {
  const { positionals, values } = parseCommandArgs(USAGE, { out: { type: 'string' }, db: { type: 'string' } });
  if (positionals[0] !== 'export' || positionals.length > 1) throw new DispatchError(`unknown command ${positionals.join(' ')}`, { hint: `usage: ${USAGE}` });
  const db = openDb(resolveDbPath(values.db as string | undefined));
  try {
    if (values.out) {
      const rows = await exportSuppressions(db, values.out as string);
      console.error(`${rows} suppressed address${rows === 1 ? '' : 'es'} written to ${values.out as string}`);
    } else {
      await writeSuppressionCsv(db, process.stdout);
    }
  } finally {
    db.close();
  }
});
