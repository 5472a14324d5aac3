/**
 * The campaign results repository (migration 3): Resend's email events per
 * email, each email's outcome, and per-campaign counts.
 *
 * Counts are updated in the same transaction as the event that changes them,
 * so a report reads only `campaign_results`, and pruning the per-recipient
 * rows (events and outcomes older than the retention) changes no count.
 * Events come in any order and more than once: each svix-id is recorded once,
 * "unique" counts ask whether the email had that event before, and an email's
 * outcome only moves forward (`OUTCOME_RANK`), so a late `delivered` never
 * undoes a bounce.
 */
import type { EmailEvent, EmailEventType } from '../results/resend-event.ts';
import type { Db } from './db.ts';

/** Where an email got to; each email is counted under one outcome, the furthest its events reached. */
export const OUTCOME_RANK = { scheduled: 0, sent: 1, soft_bounced: 2, delivered: 3, failed: 4, suppressed: 4, bounced: 5 } as const;
export type Outcome = keyof typeof OUTCOME_RANK;

/** The outcome an event moves its email to, if any (delays, complaints, opens and clicks are counted apart). */
export function outcomeOf(event: Pick<EmailEvent, 'type' | 'bounceType'>): Outcome | null {
  switch (event.type) {
    case 'scheduled':
    case 'sent':
    case 'delivered':
    case 'failed':
    case 'suppressed':
      return event.type;
    case 'bounced':
      return event.bounceType === 'Permanent' ? 'bounced' : 'soft_bounced';
    default:
      return null;
  }
}

export type RecordedEvent = 'recorded' | 'duplicate' | 'unmatched';

/** The clock hour an ISO time falls in (`2026-12-06T03`), the timeline's bucket. */
export const hourOf = (iso: string): string => iso.slice(0, 13);

/**
 * The campaign an event belongs to: the email's earlier events, then the
 * recipient whose delivery id it is, the broadcast, and last the `campaign`
 * tag (an event can arrive before the send has written the batch's ids).
 */
export function campaignForEvent(db: Db, event: Pick<EmailEvent, 'emailId' | 'broadcastId' | 'campaignTag'>): string | null {
  const known = db.prepare('SELECT campaign FROM email_outcomes WHERE email_id = ?').pluck().get(event.emailId) as string | undefined;
  if (known) return known;
  const recipient = db.prepare("SELECT c.id FROM recipients r JOIN campaigns c ON c.pk = r.campaign WHERE r.delivery_id = ? AND c.transport = 'resend' LIMIT 1").pluck().get(event.emailId) as string | undefined;
  if (recipient) return recipient;
  if (event.broadcastId) {
    const broadcast = db.prepare('SELECT campaign FROM broadcasts WHERE broadcast_id = ?').pluck().get(event.broadcastId) as string | undefined;
    if (broadcast) return broadcast;
  }
  if (event.campaignTag) {
    // The tag is the id with characters Resend refuses in tags (a dot) written as `_` (personalise.ts tagValue).
    const tagged = db
      .prepare("SELECT id FROM (SELECT id FROM campaigns WHERE transport = 'resend' UNION SELECT campaign AS id FROM broadcasts) WHERE id = @tag OR replace(id, '.', '_') = @tag LIMIT 1")
      .pluck()
      .get({ tag: event.campaignTag }) as string | undefined;
    if (tagged) return tagged;
  }
  return null;
}

function bump(db: Db, campaign: string, metric: string, key: string, by = 1): void {
  db.prepare('INSERT INTO campaign_results (campaign, metric, key, count) VALUES (?, ?, ?, ?) ON CONFLICT (campaign, metric, key) DO UPDATE SET count = count + excluded.count').run(
    campaign,
    metric,
    key,
    by,
  );
}

/** True when this email had an event like this one before (another svix-id). */
function seenBefore(db: Db, svixId: string, emailId: string, type: EmailEventType, extra?: { column: 'link' | 'block'; value: string }): boolean {
  // A click on a link without utm_content has no block (NULL), counted under ''.
  const sql = `SELECT 1 FROM email_events WHERE email_id = ? AND type = ? AND svix_id <> ?${extra ? ` AND ifnull(${extra.column}, '') = ?` : ''} LIMIT 1`;
  const params = extra ? [emailId, type, svixId, extra.value] : [emailId, type, svixId];
  return db.prepare(sql).get(...params) !== undefined;
}

function moveOutcome(db: Db, campaign: string, event: EmailEvent & { occurredAt: string }): void {
  const next = outcomeOf(event);
  const current = db.prepare('SELECT outcome FROM email_outcomes WHERE email_id = ?').pluck().get(event.emailId) as Outcome | undefined;
  if (current === undefined) {
    db.prepare('INSERT INTO email_outcomes (email_id, campaign, outcome, last_event_at) VALUES (?, ?, ?, ?)').run(event.emailId, campaign, next ?? 'sent', event.occurredAt);
    // An email first heard of through an open or a click was at least sent.
    bump(db, campaign, 'outcome', next ?? 'sent');
    return;
  }
  db.prepare('UPDATE email_outcomes SET last_event_at = max(last_event_at, ?) WHERE email_id = ?').run(event.occurredAt, event.emailId);
  if (next === null || OUTCOME_RANK[next] <= OUTCOME_RANK[current]) return;
  db.prepare('UPDATE email_outcomes SET outcome = ? WHERE email_id = ?').run(next, event.emailId);
  bump(db, campaign, 'outcome', current, -1);
  bump(db, campaign, 'outcome', next);
}

/**
 * Records one email event under its svix-id and updates its campaign's
 * counts, in the caller's transaction. `duplicate`: that svix-id was recorded
 * before; `unmatched`: kept, but no campaign in the record sent that email.
 */
export function recordEmailEvent(db: Db, svixId: string, received: EmailEvent, receivedAt: string): RecordedEvent {
  const event = { ...received, occurredAt: received.occurredAt ?? receivedAt };
  const campaign = campaignForEvent(db, event);
  const inserted = db
    .prepare(
      `INSERT INTO email_events (svix_id, campaign, email_id, recipient, type, occurred_at, received_at, link, block, bounce_type, bounce_subtype, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (svix_id) DO NOTHING`,
    )
    .run(svixId, campaign, event.emailId, event.recipient, event.type, event.occurredAt, receivedAt, event.link, event.block, event.bounceType, event.bounceSubType, event.detail);
  if (inserted.changes === 0) return 'duplicate';
  if (campaign === null) return 'unmatched';
  bump(db, campaign, 'events', event.type);
  if (!seenBefore(db, svixId, event.emailId, event.type)) bump(db, campaign, 'emails', event.type);
  if (event.type === 'bounced') bump(db, campaign, 'bounce_kinds', `${event.bounceType ?? 'Undetermined'}/${event.bounceSubType ?? 'Undetermined'}`);
  if (event.type === 'clicked') {
    bump(db, campaign, 'click_hours', hourOf(event.occurredAt));
    if (event.link) {
      bump(db, campaign, 'link_clicks', event.link);
      if (!seenBefore(db, svixId, event.emailId, 'clicked', { column: 'link', value: event.link })) bump(db, campaign, 'link_clickers', event.link);
    }
    const block = event.block ?? '';
    bump(db, campaign, 'block_clicks', block);
    if (!seenBefore(db, svixId, event.emailId, 'clicked', { column: 'block', value: block })) bump(db, campaign, 'block_clickers', block);
  }
  moveOutcome(db, campaign, event);
  return 'recorded';
}

export type CountRow = Readonly<{ metric: string; key: string; count: number }>;

/** Every count kept for a campaign. */
export function campaignCounts(db: Db, campaign: string): CountRow[] {
  return db.prepare('SELECT metric, key, count FROM campaign_results WHERE campaign = ? ORDER BY metric, key').all(campaign) as CountRow[];
}

/** Whether the record holds a campaign or a broadcast by that id, and how it went out. */
export function campaignKind(db: Db, campaign: string): 'batch' | 'broadcast' | null {
  if (db.prepare("SELECT 1 FROM campaigns WHERE id = ? AND transport = 'resend'").get(campaign)) return 'batch';
  if (db.prepare('SELECT 1 FROM broadcasts WHERE campaign = ?').get(campaign)) return 'broadcast';
  return null;
}

/** What the send's record says: recipients planned, and those Resend accepted (a delivery id each). */
export function sendFigures(db: Db, campaign: string): { recipients: number; accepted: number; startedAt: string | null } {
  const row = db
    .prepare(
      `SELECT count(r.pk) AS recipients, count(r.delivery_id) AS accepted, c.created_at AS startedAt
       FROM campaigns c LEFT JOIN recipients r ON r.campaign = c.pk WHERE c.id = ? AND c.transport = 'resend' GROUP BY c.pk`,
    )
    .get(campaign) as { recipients: number; accepted: number; startedAt: string } | undefined;
  return row ?? { recipients: 0, accepted: 0, startedAt: null };
}

/**
 * Unsubscribes that followed this campaign: addresses on the suppression list
 * as unsubscribed (our one-click endpoint or Resend's), whose unsubscribe came
 * after this campaign reached them and before any later campaign did. The
 * suppression list is kept for good (the law asks for it), so this count
 * survives pruning too.
 */
export function unsubscribesAfter(db: Db, campaign: string): number {
  return db
    .prepare(
      `SELECT count(*) FROM suppressions s
       JOIN recipients r ON r.email = s.email AND r.sent_at IS NOT NULL AND r.sent_at <= s.created_at
       JOIN campaigns c ON c.pk = r.campaign AND c.id = ? AND c.transport = 'resend'
       WHERE s.reason = 'unsubscribed'
         AND NOT EXISTS (SELECT 1 FROM recipients later WHERE later.email = s.email AND later.sent_at > r.sent_at AND later.sent_at <= s.created_at)`,
    )
    .pluck()
    .get(campaign) as number;
}

export type Clicker = Readonly<{ recipient: string; link: string; block: string | null; clickedAt: string }>;

/** Who clicked what, from the per-recipient events still kept (only for a brand that turns per-recipient output on). */
export function clickers(db: Db, campaign: string): Clicker[] {
  return db
    .prepare(
      `SELECT recipient, link, block, min(occurred_at) AS clickedAt FROM email_events
       WHERE campaign = ? AND type = 'clicked' AND recipient IS NOT NULL AND link IS NOT NULL
       GROUP BY recipient, link ORDER BY recipient, clickedAt`,
    )
    .all(campaign) as Clicker[];
}

/** Deletes per-recipient events and outcomes from before `cutoff` (ISO time); counts stay. */
export function pruneResults(db: Db, cutoff: string): { events: number; outcomes: number } {
  return db.transaction(() => ({
    events: db.prepare('DELETE FROM email_events WHERE occurred_at < ?').run(cutoff).changes,
    outcomes: db.prepare('DELETE FROM email_outcomes WHERE last_event_at < ?').run(cutoff).changes,
  })).immediate();
}

/** The oldest per-recipient event kept, or null. */
export function oldestEvent(db: Db): string | null {
  return (db.prepare('SELECT min(occurred_at) FROM email_events').pluck().get() as string | null) ?? null;
}

/** False for a record no version with campaign results has opened for writing yet (a read-only open does not upgrade it). */
export function hasResults(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'campaign_results'").get() !== undefined;
}

/** The issue file a campaign was last sent from, as the send recorded it. */
export function issueFileOf(db: Db, campaign: string): string | null {
  return (db.prepare("SELECT issue_file FROM campaigns WHERE id = ? AND transport = 'resend'").pluck().get(campaign) as string | undefined) ?? null;
}
