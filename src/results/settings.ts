/**
 * Campaign results settings: brand.yaml's `results` block (validated by the
 * brand schema, src/content/content-schema.ts) with its defaults filled in.
 */
import type { Brand } from '../content/content-schema.ts';

export type ResultsSettings = Readonly<{
  retentionDays: number;
  perRecipient: boolean;
  health: Readonly<{ maxHardBouncePercent: number; maxComplaintPercent: number; minDelivered: number }>;
}>;

/** Resend keeps events 30 days; its account-health limits are 4% bounces and 0.08% complaints. */
export const RESULTS_DEFAULTS: ResultsSettings = {
  retentionDays: 30,
  perRecipient: false,
  health: { maxHardBouncePercent: 4, maxComplaintPercent: 0.08, minDelivered: 500 },
};

export function resultsSettings(brand: Pick<Brand, 'results'>): ResultsSettings {
  const given = brand.results ?? {};
  return {
    retentionDays: given.retentionDays ?? RESULTS_DEFAULTS.retentionDays,
    perRecipient: given.perRecipient ?? RESULTS_DEFAULTS.perRecipient,
    health: { ...RESULTS_DEFAULTS.health, ...Object.fromEntries(Object.entries(given.health ?? {}).filter(([, value]) => value !== undefined)) },
  };
}

/** The moment before which per-recipient events are deleted. */
export function retentionCutoff(settings: Pick<ResultsSettings, 'retentionDays'>, now: Date = new Date()): string {
  return new Date(now.getTime() - settings.retentionDays * 24 * 60 * 60 * 1000).toISOString();
}
