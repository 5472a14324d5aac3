/**
 * What Canada's anti-spam law (CASL) counts as consent, read from a person's
 * consent events. Express consent (`given`: obtained elsewhere and imported;
 * `confirmed`: double opt-in) does not expire until withdrawn. Implied consent
 * lasts two years after a donation, a membership or volunteering, six months
 * after an inquiry (CASL s. 10(10)–(13)). A withdrawal ends everything
 * recorded before it. This is the kit's reading of the law, not legal advice.
 */
import type { ConsentEvent } from '../store/subscribers.ts';

/** Implied consent's reasons and how many months each lasts. A Map: `constructor` is not a reason. */
export const IMPLIED_CONSENT_MONTHS: ReadonlyMap<string, number> = new Map([
  ['donation', 24],
  ['membership', 24],
  ['volunteering', 24],
  ['inquiry', 6],
]);

export const IMPLIED_REASONS: readonly string[] = [...IMPLIED_CONSENT_MONTHS.keys()];

/** When implied consent for `reason` begun at `since` (ISO) ends: the same day, `months` later (the month's last day when it is shorter). */
export function impliedExpiry(reason: string, since: string): string {
  const months = IMPLIED_CONSENT_MONTHS.get(reason);
  if (months === undefined) throw new Error(`not an implied-consent reason: ${reason}`);
  const start = new Date(since);
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1, start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
  end.setUTCDate(Math.min(start.getUTCDate(), lastDay));
  return end.toISOString();
}

export type ConsentStanding =
  | Readonly<{ state: 'express'; since: string; source: string }>
  | Readonly<{ state: 'implied'; until: string; reason: string; since: string }>
  | Readonly<{ state: 'expired'; until: string; reason: string; since: string }>
  | Readonly<{ state: 'withdrawn'; since: string; source: string }>
  | Readonly<{ state: 'none' }>;

/** A person's standing at `now` (ms), from their events in any order. */
export function consentStanding(events: readonly ConsentEvent[], now: number): ConsentStanding {
  const ordered = [...events].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  let withdrawn: ConsentEvent | undefined;
  let express: ConsentEvent | undefined;
  let implied: ConsentEvent | undefined;
  for (const event of ordered) {
    if (event.occurredAt > new Date(now).toISOString()) continue;
    if (event.kind === 'withdrawn') {
      withdrawn = event;
      express = undefined;
      implied = undefined;
    } else if (event.kind === 'given' || event.kind === 'confirmed') {
      express ??= event;
    } else if (!implied || (event.expiresAt ?? '') > (implied.expiresAt ?? '')) {
      implied = event;
    }
  }
  if (express) return { state: 'express', since: express.occurredAt, source: express.source };
  if (implied) {
    const until = implied.expiresAt!;
    const state = Date.parse(until) > now ? 'implied' : 'expired';
    return { state, until, reason: implied.impliedReason!, since: implied.occurredAt };
  }
  if (withdrawn) return { state: 'withdrawn', since: withdrawn.occurredAt, source: withdrawn.source };
  return { state: 'none' };
}

/** `consent: warn` (the default) keeps and names rows with no consent record; `require` drops them. */
export type ConsentPolicy = 'warn' | 'require';

const day = (iso: string) => iso.slice(0, 10);

/**
 * Why the standing forbids a send, in the one wording every report uses, or
 * null when it allows one. Under `warn`, no record at all is allowed here
 * (and named by the caller); expired and withdrawn consent never are.
 */
export function consentRefusal(standing: ConsentStanding, policy: ConsentPolicy): string | null {
  switch (standing.state) {
    case 'express':
    case 'implied':
      return null;
    case 'expired':
      return `implied consent expired on ${day(standing.until)} (${standing.reason} on ${day(standing.since)})`;
    case 'withdrawn':
      return `consent withdrawn on ${day(standing.since)} (${standing.source})`;
    case 'none':
      return policy === 'require' ? NO_CONSENT_RECORD : null;
  }
}

export const NO_CONSENT_RECORD = 'no consent record (brand.yaml has consent: require)';
