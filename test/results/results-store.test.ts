/**
 * Campaign results from Resend's events, through the webhook handler's own
 * write (recordWebhook): joined to the campaign, counted once per svix-id,
 * in any order, and unchanged by pruning.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBrand } from '../../src/content/load.ts';
import { formatError } from '../../src/errors/errors.ts';
import { pruneExpired } from '../../src/results/prune.ts';
import { buildReport } from '../../src/results/report.ts';
import { RESULTS_DEFAULTS, resultsSettings } from '../../src/results/settings.ts';
import { recordWebhook } from '../../src/serve/webhook.ts';
import { openMemoryDb, type Db } from '../../src/store/db.ts';
import { recordSentCampaign } from '../support/results-record.ts';

const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

const LINK = 'https://www.canadianmuslimpac.ca/statement?utm_source=newsletter&utm_medium=email&utm_campaign=x&utm_content=statement-2';
const OTHER = 'https://www.canadianmuslimpac.ca/donate?utm_source=newsletter&utm_medium=email&utm_campaign=x&utm_content=donate';

/** A record with campaign `id` sent to `emails`, Resend's ids `<id>-e<n>`. */
function sentCampaign(id: string, emails: readonly string[]): Db {
  const db = openMemoryDb();
  dbs.push(db);
  recordSentCampaign(db, id, emails);
  return db;
}

let clock = Date.parse('2026-12-01T10:00:00Z');
function deliver(db: Db, svixId: string, type: string, emailId: string, extra: Record<string, unknown> = {}, tags?: Record<string, string>) {
  const at = new Date((clock += 1000)).toISOString();
  const body = { type: `email.${type}`, created_at: at, data: { email_id: emailId, created_at: at, from: 'n@example.org', to: ['reader@example.org'], subject: 'Hello', ...(tags ? { tags } : {}), ...extra } };
  return recordWebhook(db, svixId, Buffer.from(JSON.stringify(body)), new Date(clock));
}
const bounce = (type: string) => ({ bounce: { type, subType: 'General', message: 'x', diagnosticCode: [] } });
const click = (link: string) => ({ click: { ipAddress: '192.0.2.1', link, timestamp: new Date(clock).toISOString(), userAgent: 'x' } });

const report = (db: Db, campaign = 'c1', settings = RESULTS_DEFAULTS) => buildReport({ db, campaign, settings })!;

describe('recording events', () => {
  it('joins events to the campaign by email id, and a late delivered never overwrites a bounce', () => {
    const db = sentCampaign('c1', ['a@example.org', 'b@example.org', 'c@example.org']);
    deliver(db, 'm1', 'sent', 'c1-e0');
    deliver(db, 'm2', 'bounced', 'c1-e0', bounce('Permanent'));
    deliver(db, 'm3', 'delivered', 'c1-e0');
    deliver(db, 'm4', 'delivered', 'c1-e1');
    deliver(db, 'm5', 'bounced', 'c1-e1', bounce('Permanent'));
    deliver(db, 'm6', 'bounced', 'c1-e2', bounce('Transient'));
    deliver(db, 'm7', 'delivered', 'c1-e2');
    const { funnel } = report(db);
    expect(funnel).toMatchObject({ recipients: 3, accepted: 3, sent: 1, delivered: 1, hardBounces: 2, softBounces: 0 });
  });

  it('a redelivered svix-id counts once; two clicks on one link are two clicks by one reader', () => {
    const db = sentCampaign('c1', ['a@example.org']);
    deliver(db, 'm1', 'delivered', 'c1-e0');
    expect(deliver(db, 'm2', 'clicked', 'c1-e0', click(LINK))).toMatchObject({ kind: 'recorded' });
    expect(deliver(db, 'm2', 'clicked', 'c1-e0', click(LINK))).toMatchObject({ kind: 'replayed' });
    deliver(db, 'm3', 'clicked', 'c1-e0', click(LINK));
    deliver(db, 'm4', 'clicked', 'c1-e0', click(OTHER));
    const result = report(db);
    expect(result.funnel).toMatchObject({ delivered: 1, clicked: 1, clicks: 3 });
    expect(result.rates.click).toBe(100);
    expect(result.links).toEqual([
      { link: LINK, block: 'statement-2', clicks: 2, clickers: 1 },
      { link: OTHER, block: 'donate', clicks: 1, clickers: 1 },
    ]);
    expect(result.blocks.map((b) => [b.block, b.clicks, b.clickers])).toEqual([
      ['statement-2', 2, 1],
      ['donate', 1, 1],
    ]);
  });

  it('clicks on links without utm_content (other sites) are one block, and a reader who clicks twice is one clicker', () => {
    const db = sentCampaign('c1', ['a@example.org', 'b@example.org']);
    const video = 'https://www.youtube.com/watch?v=abc';
    deliver(db, 'm1', 'clicked', 'c1-e0', click(video));
    deliver(db, 'm2', 'clicked', 'c1-e0', click(video));
    deliver(db, 'm3', 'clicked', 'c1-e1', click(video));
    expect(report(db).blocks).toEqual([{ block: null, title: 'Links to other sites (no utm_content)', clicks: 3, clickers: 2 }]);
  });

  it('an event that arrives before the send wrote its ids is joined by the campaign tag (a dot in the id is _ in the tag)', () => {
    const db = sentCampaign('2026.12', ['a@example.org']);
    deliver(db, 'm1', 'sent', 'not-yet-recorded', {}, { campaign: '2026_12', issue: 'issue' });
    deliver(db, 'm2', 'delivered', 'not-yet-recorded', {}, { campaign: '2026_12', issue: 'issue' });
    deliver(db, 'm3', 'delivered', 'someone-else', {}, { campaign: 'another' });
    expect(report(db, '2026.12').funnel).toMatchObject({ sent: 1, delivered: 1 });
    expect(buildReport({ db, campaign: 'another', settings: RESULTS_DEFAULTS })).toBeNull();
  });

  it('suppressions still follow the events (a hard bounce is suppressed and counted)', () => {
    const db = sentCampaign('c1', ['a@example.org']);
    deliver(db, 'm1', 'bounced', 'c1-e0', bounce('Permanent'));
    expect(db.prepare('SELECT reason FROM suppressions WHERE email = ?').pluck().get('reader@example.org')).toBe('bounced');
    expect(report(db).funnel.hardBounces).toBe(1);
  });

  it('who clicked is in the report only when the brand turns per-recipient output on', () => {
    const db = sentCampaign('c1', ['a@example.org']);
    deliver(db, 'm1', 'clicked', 'c1-e0', click(LINK));
    expect(report(db).clickers).toBeUndefined();
    expect(report(db, 'c1', { ...RESULTS_DEFAULTS, perRecipient: true }).clickers).toEqual([{ recipient: 'reader@example.org', link: LINK, block: 'statement-2', clickedAt: expect.any(String) }]);
  });
});

describe('retention', () => {
  it('prune deletes every per-recipient event older than the retention and changes no count', () => {
    const db = sentCampaign('c1', ['a@example.org', 'b@example.org']);
    deliver(db, 'm1', 'delivered', 'c1-e0');
    deliver(db, 'm2', 'clicked', 'c1-e0', click(LINK));
    deliver(db, 'm3', 'opened', 'c1-e1');
    deliver(db, 'm4', 'complained', 'c1-e1');
    const before = report(db);
    const day = 24 * 3_600_000;
    // 29 days on: nothing is old enough.
    expect(pruneExpired(db, { retentionDays: 30 }, new Date(clock + 29 * day))).toMatchObject({ events: 0, outcomes: 0 });
    expect(pruneExpired(db, { retentionDays: 30 }, new Date(clock + 31 * day))).toMatchObject({ events: 4, outcomes: 2 });
    expect(db.prepare('SELECT count(*) FROM email_events').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM email_outcomes').pluck().get()).toBe(0);
    const after = report(db);
    expect({ ...after, retention: null }).toEqual({ ...before, retention: null });
    expect(before.funnel).toMatchObject({ delivered: 1, clicked: 1, opened: 1, complaints: 1 });
  });
});

describe('brand settings', () => {
  const brandWith = (results: string) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-results-')), 'brand.yaml');
    writeFileSync(file, `${readFileSync('content/brand.yaml', 'utf8')}\nresults:\n${results}\n`);
    return file;
  };

  it('defaults: 30 days, aggregates only, 4% / 0.08% after 500 delivered', () => {
    expect(resultsSettings(loadBrand('content/brand.yaml'))).toEqual({ retentionDays: 30, perRecipient: false, health: { maxHardBouncePercent: 4, maxComplaintPercent: 0.08, minDelivered: 500 } });
    expect(resultsSettings(loadBrand(brandWith('  retentionDays: 7\n  health:\n    minDelivered: 100')))).toMatchObject({ retentionDays: 7, health: { minDelivered: 100, maxHardBouncePercent: 4 } });
  });

  it('a wrong value is one line naming the file, line and field', () => {
    const file = brandWith('  retentionDays: 0\n  perRecipents: true');
    let lines: string[] = [];
    try {
      loadBrand(file);
    } catch (error) {
      lines = formatError(error);
    }
    expect(lines.join('\n')).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: results.retentionDays: must be at least 1 day`));
    expect(lines.join('\n')).toMatch(/results.perRecipents: unknown field; did you mean "perRecipient"\?/);
  });
});
