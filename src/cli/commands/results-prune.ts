/**
 * `dispatch results prune`: deletes per-recipient events older than
 * brand.yaml's `results.retentionDays` (default 30); per-campaign counts stay.
 */
import { DispatchError, EXIT, printable } from '../../errors/errors.ts';
import { defineCommand } from '../command.ts';
import { BRAND_OPTION, resolveBrandPath } from '../paths.ts';

export const resultsPrune = defineCommand({
  name: 'results prune',
  summary: 'delete per-recipient events older than results.retentionDays (counts stay)',
  usage: '[--before TIME] [--brand FILE] [--db PATH]',
  description:
    "Per-recipient events (who opened, who clicked) reveal what a reader cares about: they are kept only as long as brand.yaml's results.retentionDays (default 30, Resend's own retention). " +
    'This deletes older ones; every report count stays as it was. serve does the same at start and once a day.',
  options: {
    before: { type: 'string', value: 'TIME', description: 'delete per-recipient events from before this ISO 8601 time instead of the retention cutoff (now: delete them all)' },
    brand: BRAND_OPTION,
    db: { type: 'string', value: 'PATH', description: 'the record (default: $DISPATCH_DB, else .dispatch/dispatch.db)' },
  },
  exitCodes: [
    [EXIT.ok, 'pruned (prints how many rows were deleted)'],
    [EXIT.usage, 'usage mistake, a brand file that does not load, or a record that cannot be opened'],
  ],
  async run({ options }) {
    const brandPath = resolveBrandPath(options.brand);
    const [{ loadBrand }, { openDb, resolveDbPath }, { resultsSettings }, { pruneBefore, pruneExpired }] = await Promise.all([
      import('../../content/load.ts'),
      import('../../store/db.ts'),
      import('../../results/settings.ts'),
      import('../../results/prune.ts'),
    ]);
    const settings = resultsSettings(loadBrand(brandPath));
    const before = options.before === undefined ? undefined : options.before === 'now' ? new Date() : new Date(options.before);
    if (before && Number.isNaN(before.getTime())) throw new DispatchError(`--before ${printable(options.before!)} is not a time`, { hint: 'write an ISO 8601 time such as 2026-11-01T00:00:00Z, or now' });
    const db = openDb(resolveDbPath(options.db));
    try {
      const outcome = before ? pruneBefore(db, before.toISOString()) : pruneExpired(db, settings);
      console.log(`${outcome.events} events and ${outcome.outcomes} email outcomes from before ${outcome.cutoff} deleted (${before ? '--before' : `retention ${settings.retentionDays} days`}); campaign counts kept`);
      return EXIT.ok;
    } finally {
      db.close();
    }
  },
});
