/**
 * Retention: per-recipient events and outcomes older than brand.yaml's
 * `results.retentionDays` are deleted; the per-campaign counts stay, so a
 * report reads the same before and after. `dispatch results prune` runs it;
 * `serve` runs it at start and daily.
 */
import type { Db } from '../store/db.ts';
import { pruneResults } from '../store/results.ts';
import { retentionCutoff, type ResultsSettings } from './settings.ts';

export type PruneOutcome = Readonly<{ cutoff: string; events: number; outcomes: number }>;

export function pruneExpired(db: Db, settings: Pick<ResultsSettings, 'retentionDays'>, now: Date = new Date()): PruneOutcome {
  return pruneBefore(db, retentionCutoff(settings, now));
}

/** Deletes per-recipient events and outcomes from before `cutoff` (ISO time), sooner than the retention asks. */
export function pruneBefore(db: Db, cutoff: string): PruneOutcome {
  return { cutoff, ...pruneResults(db, cutoff) };
}

export const PRUNE_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * Prunes now and every day until stopped. A prune that meets a locked record
 * (a send holds it) is skipped and tried at the next turn: nothing is lost by
 * waiting a day longer.
 */
export function schedulePrune(db: Db, settings: Pick<ResultsSettings, 'retentionDays'>, log: (line: string) => void, everyMs = PRUNE_EVERY_MS): () => void {
  const run = () => {
    try {
      const outcome = pruneExpired(db, settings);
      if (outcome.events + outcome.outcomes > 0) log(`results: ${outcome.events} events and ${outcome.outcomes} email outcomes from before ${outcome.cutoff} deleted (retention ${settings.retentionDays} days)`);
    } catch (error) {
      log(`results: prune skipped (${(error as Error).message}); trying again in a day`);
    }
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
