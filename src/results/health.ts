/**
 * The send's health guard. While a batch send runs, `serve` writes this
 * campaign's bounces and complaints into the same record; once enough emails
 * have been delivered for the rates to mean something (`minDelivered`, 500 by
 * default), a hard-bounce rate above `maxHardBouncePercent` (4%) or a
 * complaint rate above `maxComplaintPercent` (0.08%), Resend's own
 * account-health limits, stops the send from taking new batches: sending on
 * would put the organisation's whole sending account at risk.
 *
 * Rates are of the emails whose fate is known (delivered, hard- or
 * soft-bounced), so emails still on their way do not dilute them.
 */
import type { Db } from '../store/db.ts';
import { campaignCounts } from '../store/results.ts';
import type { ResultsSettings } from './settings.ts';

export type HealthFigures = Readonly<{ delivered: number; settled: number; hardBounces: number; complaints: number; hardBouncePercent: number; complaintPercent: number }>;

export type Health = Readonly<
  | { state: 'judging'; figures: HealthFigures; reason: string }
  | { state: 'healthy'; figures: HealthFigures; reason: string }
  | { state: 'tripped'; figures: HealthFigures; reason: string }
>;

const pct = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);
const shown = (value: number) => `${value.toFixed(2)}%`;

/** The guard's verdict on a campaign's figures now. */
export function campaignHealth(db: Db, campaign: string, settings: Pick<ResultsSettings, 'health'>): Health {
  const rows = campaignCounts(db, campaign);
  const count = (metric: string, key: string) => rows.find((row) => row.metric === metric && row.key === key)?.count ?? 0;
  const delivered = count('outcome', 'delivered');
  const hardBounces = count('outcome', 'bounced');
  const settled = delivered + hardBounces + count('outcome', 'soft_bounced');
  const complaints = count('emails', 'complained');
  const figures: HealthFigures = { delivered, settled, hardBounces, complaints, hardBouncePercent: pct(hardBounces, settled), complaintPercent: pct(complaints, delivered) };
  const { maxHardBouncePercent, maxComplaintPercent, minDelivered } = settings.health;
  const stated = `hard bounces ${hardBounces} of ${settled} (${shown(figures.hardBouncePercent)}, limit ${maxHardBouncePercent}%), complaints ${complaints} of ${delivered} delivered (${shown(figures.complaintPercent)}, limit ${maxComplaintPercent}%)`;
  if (delivered < minDelivered) return { state: 'judging', figures, reason: `${delivered} of the ${minDelivered} delivered emails the guard waits for; ${stated}` };
  const over = [
    figures.hardBouncePercent > maxHardBouncePercent ? `the hard-bounce rate ${shown(figures.hardBouncePercent)} passed ${maxHardBouncePercent}%` : null,
    figures.complaintPercent > maxComplaintPercent ? `the complaint rate ${shown(figures.complaintPercent)} passed ${maxComplaintPercent}%` : null,
  ].filter((line): line is string => line !== null);
  if (over.length > 0) return { state: 'tripped', figures, reason: `${over.join(' and ')}: ${stated}` };
  return { state: 'healthy', figures, reason: stated };
}

export type HealthGuard = Readonly<{
  /** Aborted once the guard trips (or when `parent` is): the send plans no new batch, those in flight finish. */
  signal: AbortSignal;
  /** Reads the figures now; call after each accepted batch. */
  check: () => void;
  /** The verdict that stopped the send, or null. */
  tripped: () => Health | null;
}>;

/** A guard for one run of a campaign's send; `parent` is the run's own stop signal (Ctrl-C). */
export function healthGuard(db: Db, campaign: string, settings: Pick<ResultsSettings, 'health'>, parent?: AbortSignal): HealthGuard {
  const controller = new AbortController();
  let verdict: Health | null = null;
  return {
    signal: parent ? AbortSignal.any([parent, controller.signal]) : controller.signal,
    check: () => {
      if (verdict) return;
      const health = campaignHealth(db, campaign, settings);
      if (health.state !== 'tripped') return;
      verdict = health;
      controller.abort();
    },
    tripped: () => verdict,
  };
}
