/**
 * The migration list upgrades any earlier record in place. The fixtures were
 * written by `main` before the list existed (test/fixtures/record/README.md):
 * schema 1, with the broadcast and webhook tables created on demand, or not
 * at all when only `dispatch send` had used the record.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findBroadcast, recordedSegment, segmentContacts } from '../../src/store/broadcasts.ts';
import { CampaignStore } from '../../src/store/campaign-store.ts';
import { openDb, openMemoryDb, schemaVersion, type Db } from '../../src/store/db.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { listSuppressions } from '../../src/store/suppressions.ts';
import { recordDelivery } from '../../src/store/webhook-log.ts';

const FIXTURES = path.resolve('test/fixtures/record');

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

/** A copy of a fixture (opening upgrades the file, and the fixture must stay as main wrote it). */
function copyOf(name: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-migrate-')), 'dispatch.db');
  copyFileSync(path.join(FIXTURES, name), file);
  return file;
}

function track(db: Db): Db {
  open.push(db);
  return db;
}

/** Every table and its columns (name, type, not null, default, key), and every index: what a record's shape is. */
function shape(db: Db): Record<string, unknown> {
  const tables = db.prepare(`SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string; type: string }>;
  return Object.fromEntries(
    tables.map(({ name, type }) => [
      `${type} ${name}`,
      type === 'table' ? db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid`).all(name) : db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(name),
    ]),
  );
}

describe('the migration list', () => {
  it('is numbered 1, 2, … in order, and the schema version is the last one', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('gives a new record every table', () => {
    const db = track(openMemoryDb());
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(Object.keys(shape(db)).filter((key) => key.startsWith('table '))).toEqual(
      ['batches', 'broadcasts', 'campaign_results', 'campaigns', 'consent_events', 'email_events', 'email_outcomes', 'erased_addresses', 'meta', 'recipients', 'runs', 'segment_contacts', 'segments', 'skips', 'subscribers', 'suppressions', 'webhook_deliveries'].map((t) => `table ${t}`),
    );
  });
});

describe('a record written by main (2026-12, schema 1) opens and keeps everything', () => {
  it('upgrades to the latest version with the same shape as a new record', () => {
    for (const name of ['main-2026-12.sqlite', 'main-2026-12-send-only.sqlite']) {
      const file = copyOf(name);
      const before = track(openDb(file, { readonly: true }));
      expect(schemaVersion(before)).toBe(1);
      before.close();
      const db = track(openDb(file));
      expect(schemaVersion(db), name).toBe(SCHEMA_VERSION);
      expect(shape(db), name).toEqual(shape(track(openMemoryDb())));
      db.close();
      // Opening again changes nothing.
      const again = track(openDb(file));
      expect(schemaVersion(again)).toBe(SCHEMA_VERSION);
    }
  });

  it('keeps its campaign, recipients, batches, skips, runs and meta, consistent', () => {
    const store = new CampaignStore(track(openDb(copyOf('main-2026-12.sqlite'))));
    const campaign = store.findCampaign('sept-2024', 'resend')!;
    expect(campaign).toMatchObject({ issueSlug: '2024-09-23-podcast-advocacy-updates', subject: 'Podcast and advocacy updates', contentHash: 'hash-1', runs: 1 });
    expect(store.recipientCounts(campaign.pk)).toEqual({ total: 3, pending: 1, queued: 0, sent: 2, failed: 0 });
    expect(store.batchCounts(campaign.pk)).toEqual({ planned: 0, sent: 0, confirmed: 1, failed: 0, attempts: 1 });
    expect(store.recipients(campaign.pk)).toEqual([
      { email: 'amina.rahman@example.org', state: 'sent', deliveryId: 're-id-1', batch: 1 },
      { email: 'yusuf.ali@example.org', state: 'sent', deliveryId: 're-id-2', batch: 1 },
      { email: 'sara.haddad@example.org', state: 'pending', deliveryId: null, batch: null },
    ]);
    expect(store.skipsPage(campaign.pk, 1, 0, 10)).toEqual([{ line: 5, email: 'gone@example.org', reason: 'suppressed', detail: 'on the suppression list (unsubscribed, one-click)' }]);
    expect(store.getMeta('resend.ratelimit_limit')).toBe('5');
    expect(store.checkConsistency(campaign.pk)).toEqual([]);
    // And carries on: the next run numbers 2 and the last recipient is still to send.
    const run = store.beginRun(campaign.pk);
    expect(run).toBe(2);
  });

  it('keeps its suppressions', () => {
    const db = track(openDb(copyOf('main-2026-12.sqlite')));
    expect([...listSuppressions(db)]).toEqual([
      { address: 'gone@example.org', reason: 'unsubscribed', source: 'one-click', time: '2026-12-01T10:00:00.000Z' },
      { address: 'bounced@example.org', reason: 'bounced', source: 'resend-webhook email.bounced (General)', time: '2026-12-02T10:00:00.000Z' },
      { address: 'complained@example.org', reason: 'complained', source: 'resend-webhook email.complained', time: '2026-12-04T10:00:00.000Z' },
    ]);
  });

  it('keeps its segments, synced contacts, broadcasts and webhook log', () => {
    const db = track(openDb(copyOf('main-2026-12.sqlite')));
    expect(recordedSegment(db, 'members')).toBe('seg_123');
    expect(segmentContacts(db, 'seg_123').lastHash('amina.rahman@example.org')).toBe('h1');
    expect(findBroadcast(db, 'sept-2024-broadcast')).toEqual({
      campaign: 'sept-2024-broadcast',
      name: 'sept-2024-broadcast',
      segment_id: 'seg_123',
      broadcast_id: 'bc_456',
      state: 'draft',
      content_hash: 'bhash',
      scheduled_at: null,
    });
    // The delivery main logged is still known: its redelivery records nothing.
    expect(recordDelivery(db, { svixId: 'msg_1', type: 'email.complained', time: '2026-12-05T00:00:00.000Z' }, [])).toBeNull();
  });

  it('a send-only record gains the broadcast and webhook tables, empty, and keeps the rest', () => {
    const db = track(openDb(copyOf('main-2026-12-send-only.sqlite')));
    const store = new CampaignStore(db);
    const campaign = store.findCampaign('sept-2024', 'resend')!;
    expect(store.recipientCounts(campaign.pk)).toMatchObject({ total: 3, sent: 2 });
    expect([...listSuppressions(db)].map((s) => s.address)).toEqual(['gone@example.org', 'bounced@example.org']);
    expect(recordedSegment(db, 'members')).toBeUndefined();
    expect(findBroadcast(db, 'sept-2024-broadcast')).toBeUndefined();
    expect(recordDelivery(db, { svixId: 'msg_1', type: 'email.complained', time: '2026-12-05T00:00:00.000Z' }, [])).toEqual([]);
  });
});
