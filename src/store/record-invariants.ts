/**
 * The campaign record's invariants: what must hold after any run, however it
 * ended (a kill at any instant included, since each store method is one
 * transaction). One list, read by the store's own consistency check
 * (`CampaignStore.checkConsistency`), by `dispatch record check` and by the
 * guarantee suites. Each entry counts the rows that break it; every query
 * only reads, so it runs on a read-only connection too.
 */
import type { TransportName } from './campaign-store.ts';
import type { Db } from './db.ts';

export type RecordInvariant = Readonly<{
  /** What a breaking row is, after its count: `3 sent recipients outside a confirmed batch`. */
  what: string;
  /** `SELECT count(*) AS n …` of the rows breaking it, for the campaign's pk (the one `?`). */
  count: string;
}>;

export const RECORD_INVARIANTS: readonly RecordInvariant[] = [
  { what: 'addresses recorded twice', count: `SELECT count(*) AS n FROM (SELECT email FROM recipients WHERE campaign = ? GROUP BY email HAVING count(*) > 1)` },
  {
    what: 'sent recipients outside a confirmed batch',
    count: `SELECT count(*) AS n FROM recipients r LEFT JOIN batches b ON b.pk = r.batch WHERE r.campaign = ? AND r.state = 'sent' AND (b.pk IS NULL OR b.state <> 'confirmed')`,
  },
  {
    what: 'queued recipients outside an open batch',
    count: `SELECT count(*) AS n FROM recipients r LEFT JOIN batches b ON b.pk = r.batch WHERE r.campaign = ? AND r.state = 'queued' AND (b.pk IS NULL OR b.state NOT IN ('planned', 'sent'))`,
  },
  {
    what: 'pending recipients still attached to a sent batch',
    count: `SELECT count(*) AS n FROM recipients WHERE campaign = ? AND state IN ('pending') AND batch IS NOT NULL AND batch IN (SELECT pk FROM batches WHERE state IN ('sent', 'confirmed'))`,
  },
  { what: 'sent recipients without a delivery id', count: `SELECT count(*) AS n FROM recipients WHERE campaign = ? AND state = 'sent' AND (delivery_id IS NULL OR delivery_id = '')` },
  {
    what: 'recipients of confirmed batches not marked sent',
    count: `SELECT count(*) AS n FROM recipients r JOIN batches b ON b.pk = r.batch WHERE r.campaign = ? AND b.state = 'confirmed' AND r.state <> 'sent'`,
  },
  {
    what: 'delivery ids shared by two recipients',
    count: `SELECT count(*) AS n FROM (SELECT delivery_id FROM recipients WHERE campaign = ? AND delivery_id IS NOT NULL GROUP BY delivery_id HAVING count(*) > 1)`,
  },
  { what: 'idempotency keys used by two batches', count: `SELECT count(*) AS n FROM (SELECT idempotency_key FROM batches WHERE campaign = ? GROUP BY idempotency_key HAVING count(*) > 1)` },
  {
    what: 'batches whose size does not match their recipients',
    count: `SELECT count(*) AS n FROM batches b WHERE b.campaign = ? AND b.state IN ('planned', 'sent', 'confirmed') AND b.size <> (SELECT count(*) FROM recipients r WHERE r.batch = b.pk AND r.state IN ('queued', 'sent'))`,
  },
  { what: 'sent batches without an attempt', count: `SELECT count(*) AS n FROM batches WHERE campaign = ? AND state IN ('sent', 'confirmed') AND (attempts < 1 OR first_attempt_at IS NULL)` },
];

/** The invariants a campaign breaks, one line each (`2 sent recipients without a delivery id`); empty when it is consistent. */
export function brokenInvariants(db: Db, campaignPk: number): string[] {
  const problems: string[] = [];
  for (const invariant of RECORD_INVARIANTS) {
    const n = (db.prepare(invariant.count).get(campaignPk) as { n: number }).n;
    if (n > 0) problems.push(`${n} ${invariant.what}`);
  }
  return problems;
}

export type RecordCheck = Readonly<{
  /** Whether the record holds the campaign (for this transport). */
  found: boolean;
  /** SQLite's integrity check, then the campaign's broken invariants; empty when consistent. */
  problems: string[];
}>;

/**
 * The whole check of one campaign in a record file: SQLite's own integrity
 * check, then the invariants. A record a kill left before its first
 * migration (no tables yet) is consistent and holds nothing.
 */
export function checkRecord(db: Db, campaignId: string, transport: TransportName): RecordCheck {
  const problems: string[] = [];
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
  if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'campaigns'`).get()) return { found: false, problems };
  const campaign = db.prepare('SELECT pk FROM campaigns WHERE id = ? AND transport = ?').get(campaignId, transport) as { pk: number } | undefined;
  if (!campaign) return { found: false, problems };
  return { found: true, problems: [...problems, ...brokenInvariants(db, campaign.pk)] };
}

/** The transports the record holds a campaign under (a campaign id may have been sent through both). */
export function campaignTransports(db: Db, campaignId: string): TransportName[] {
  if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'campaigns'`).get()) return [];
  return db.prepare('SELECT transport FROM campaigns WHERE id = ? ORDER BY transport').pluck().all(campaignId) as TransportName[];
}
