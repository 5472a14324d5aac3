/**
 * The record's one list of invariants: each is caught when broken (through
 * the store's consistency check, which reads the list), and
 * `dispatch record check` prints nothing for a consistent record and one line
 * per problem otherwise.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CampaignStore } from '../../src/store/campaign-store.ts';
import { openDb, openMemoryDb, type Db } from '../../src/store/db.ts';
import { checkRecord, RECORD_INVARIANTS } from '../../src/store/record-invariants.ts';
import { runDispatch } from '../support/run-script.ts';

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

const input = { id: 'c1', transport: 'resend' as const, issueSlug: 'issue', issueFile: 'issue.yaml', subject: 'Hello', contentHash: 'h1', scheduledAt: null };

/** A campaign of three recipients: two in a confirmed batch, one in a batch in doubt. Consistent. */
function sentCampaign(): { store: CampaignStore; db: Db; pk: number } {
  const db = openMemoryDb();
  open.push(db);
  const store = new CampaignStore(db);
  const { pk } = store.ensureCampaign(input);
  const run = store.beginRun(pk);
  const importer = store.importer(pk, run);
  for (const [line, email] of [[2, 'a@x.org'], [3, 'b@x.org'], [4, 'c@x.org']] as const) importer.admit({ line, email, fields: {} });
  importer.finish();
  const first = store.createBatch(pk, store.nextRecipients(pk, run, 0, 2), { idempotencyKey: 'k1', payloadHash: 'p1' });
  store.markAttempt(first.pk);
  store.confirmBatch(first.pk, store.batchRecipients(first.pk), ['id-1', 'id-2']);
  const second = store.createBatch(pk, store.nextRecipients(pk, run, 0, 2), { idempotencyKey: 'k2', payloadHash: 'p2' });
  store.markAttempt(second.pk);
  return { store, db, pk };
}

/** One way to break each invariant, by its wording. */
const BREAKS: Record<string, string> = {
  'addresses recorded twice': `DROP INDEX IF EXISTS recipients_todo; CREATE TABLE r2 AS SELECT * FROM recipients; DROP TABLE recipients;
    CREATE TABLE recipients (pk INTEGER PRIMARY KEY, campaign INTEGER, email TEXT, fields TEXT, line INTEGER, seen_run INTEGER, state TEXT, batch INTEGER, delivery_id TEXT, sent_at TEXT, error TEXT);
    INSERT INTO recipients SELECT * FROM r2; INSERT INTO recipients (campaign, email, fields, line, seen_run, state) VALUES (1, 'a@x.org', '{}', 9, 1, 'pending')`,
  'sent recipients outside a confirmed batch': `UPDATE batches SET state = 'sent' WHERE idempotency_key = 'k1'`,
  'queued recipients outside an open batch': `UPDATE recipients SET batch = NULL WHERE email = 'c@x.org'`,
  'pending recipients still attached to a sent batch': `UPDATE recipients SET state = 'pending' WHERE email = 'c@x.org'`,
  'sent recipients without a delivery id': `UPDATE recipients SET delivery_id = '' WHERE email = 'a@x.org'`,
  'recipients of confirmed batches not marked sent': `UPDATE recipients SET state = 'failed' WHERE email = 'b@x.org'`,
  'delivery ids shared by two recipients': `UPDATE recipients SET delivery_id = 'id-1' WHERE email = 'b@x.org'`,
  'idempotency keys used by two batches': `UPDATE batches SET idempotency_key = 'k1'`,
  'batches whose size does not match their recipients': `UPDATE batches SET size = 5 WHERE idempotency_key = 'k2'`,
  'sent batches without an attempt': `UPDATE batches SET attempts = 0 WHERE idempotency_key = 'k2'`,
};

describe('the record invariants', () => {
  it('hold for a campaign part sent, part in doubt', () => {
    const { store, pk } = sentCampaign();
    expect(store.checkConsistency(pk)).toEqual([]);
  });

  it('every invariant in the list has a way to break it here', () => {
    expect(RECORD_INVARIANTS.map((i) => i.what).sort()).toEqual(Object.keys(BREAKS).sort());
  });

  it.each(Object.entries(BREAKS))('%s: caught, with the count', (what, sql) => {
    const { store, db, pk } = sentCampaign();
    db.pragma('foreign_keys = OFF');
    db.exec(sql);
    expect(store.checkConsistency(pk)).toContainEqual(expect.stringMatching(new RegExp(`^\\d+ ${what}$`)));
  });

  it('checkRecord adds the integrity check, and knows a record with no tables (killed before its first migration) holds nothing', () => {
    const { db } = sentCampaign();
    expect(checkRecord(db, 'c1', 'resend')).toEqual({ found: true, problems: [] });
    expect(checkRecord(db, 'c1', 'outbox')).toEqual({ found: false, problems: [] });
    const empty = openDb(path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-inv-')), 'x.db'));
    open.push(empty);
    empty.exec('DROP TABLE recipients; DROP TABLE skips; DROP TABLE runs; DROP TABLE batches; DROP TABLE campaigns');
    expect(checkRecord(empty, 'c1', 'resend')).toEqual({ found: false, problems: [] });
  });
});

describe('dispatch record check', () => {
  const fixture = () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-check-')), 'dispatch.db');
    copyFileSync('test/fixtures/record/main-2026-12.sqlite', file);
    return file;
  };

  it('prints nothing and exits 0 for a consistent record, and changes nothing in it', () => {
    const file = fixture();
    const before = readFileSync(file);
    const result = runDispatch(['record', 'check', 'sept-2024', '--db', file]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('prints one line per inconsistency and exits 1', () => {
    const file = fixture();
    const db = openDb(file);
    db.exec(`UPDATE recipients SET delivery_id = NULL WHERE email = 'yusuf.ali@example.org'; UPDATE batches SET size = 3`);
    db.close();
    const result = runDispatch(['record', 'check', 'sept-2024', '--db', file, '--transport', 'resend']);
    expect(result.stdout).toBe('1 sent recipients without a delivery id\n1 batches whose size does not match their recipients\n');
    expect(result.status).toBe(1);
  });

  it('an unknown campaign or transport, or no record, is a usage error (exit 2) that names it', () => {
    const file = fixture();
    const unknown = runDispatch(['record', 'check', 'nope', '--db', file]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^error: .*dispatch\.db: no campaign nope/);
    const other = runDispatch(['record', 'check', 'sept-2024', '--db', file, '--transport', 'outbox']);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/no campaign sept-2024 sent through outbox.*it was sent through resend/s);
    expect(runDispatch(['record', 'check', 'sept-2024', '--db', file, '--transport', 'smtp']).status).toBe(2);
    const missing = runDispatch(['record', 'check', 'sept-2024', '--db', path.join(path.dirname(file), 'none.db')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/none\.db: no campaign record here/);
    expect(runDispatch(['record', 'check']).stderr).toMatch(/missing the campaign id/);
  });

  it('--help lists its exit codes', () => {
    const help = runDispatch(['record', 'check', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/usage: dispatch record check <campaign>/);
    expect(help.stdout).toMatch(/1\s+inconsistent: one line per problem/);
  });
});
