import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CampaignStore, LOCK_STALE_MS, lockOwner } from '../../src/store/campaign-store.ts';
import { openDb, openMemoryDb, resolveDbPath } from '../../src/store/db.ts';
import { DispatchError, formatError } from '../../src/errors/errors.ts';
import { addSuppression, findSuppression } from '../../src/suppressions/suppressions.ts';

const stores: CampaignStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function memoryStore(): CampaignStore {
  const store = new CampaignStore(openMemoryDb());
  stores.push(store);
  return store;
}

const input = { id: 'c1', transport: 'resend' as const, issueSlug: 'issue', issueFile: 'issue.yaml', subject: 'Hello', contentHash: 'h1', scheduledAt: null };
const row = (line: number, email: string, fields: Record<string, string> = {}) => ({ line, email, fields });

function admitAll(store: CampaignStore, pk: number, run: number, rows: ReturnType<typeof row>[]): Array<number | null> {
  const importer = store.importer(pk, run);
  const out = rows.map((r) => importer.admit(r));
  importer.finish();
  return out;
}

describe('openDb', () => {
  it('creates the folder 0700 and the file 0600, in WAL mode', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-db-'));
    const file = path.join(dir, 'nested', 'dispatch.db');
    const db = openDb(file);
    db.close();
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = openDb(file);
    expect(again.pragma('journal_mode', { simple: true })).toBe('wal');
    // The -wal and -shm files exist only while a connection is open (SQLite removes them on the last close): look at them then, after a write.
    try {
      new CampaignStore(again).ensureCampaign(input);
      expect(['-wal', '-shm'].map((suffix) => (statSync(file + suffix).mode & 0o777).toString(8))).toEqual(['600', '600']);
    } finally {
      again.close();
    }
  });

  it('tightens an existing world-readable file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-db-'));
    const file = path.join(dir, 'd.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    openDb(file).close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses an unwritable location with a hint', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-db-'));
    writeFileSync(path.join(dir, 'file'), '');
    expect(() => openDb(path.join(dir, 'file', 'd.db'))).toThrow(DispatchError);
    expect(() => openDb(path.join(dir, 'file', 'd.db'))).toThrow(/cannot open the campaign record/);
    if (process.getuid?.() !== 0) {
      const locked = path.join(dir, 'locked');
      mkdirSync(locked, { mode: 0o500 });
      expect(() => openDb(path.join(locked, 'd.db'))).toThrow(/--db PATH or DISPATCH_DB/);
    }
  });

  it('refuses a file that is not an SQLite database before touching it: its mode and bytes stay, nothing is created beside it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-db-'));
    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, 'my notes, not a database\n');
    chmodSync(file, 0o644);
    for (const options of [{}, { readonly: true }]) {
      expect(() => openDb(file, options)).toThrow(DispatchError);
      try {
        openDb(file, options);
      } catch (error) {
        expect(formatError(error)).toEqual([expect.stringMatching(/^error: cannot open the campaign record .*notes\.txt \(it is not an SQLite database\) \(check the path given with --db or DISPATCH_DB/)]);
      }
    }
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readFileSync(file, 'utf8')).toBe('my notes, not a database\n');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('takes --db, then DISPATCH_DB, then .dispatch/dispatch.db', () => {
    expect(resolveDbPath('x.db', { DISPATCH_DB: 'y.db' })).toBe('x.db');
    expect(resolveDbPath(undefined, { DISPATCH_DB: 'y.db' })).toBe('y.db');
    expect(resolveDbPath(undefined, {})).toBe(path.join('.dispatch', 'dispatch.db'));
  });
});

describe('campaigns and runs', () => {
  it('keeps one record per campaign id and transport', () => {
    const store = memoryStore();
    const a = store.ensureCampaign(input);
    expect(store.ensureCampaign({ ...input, contentHash: 'other' }).pk).toBe(a.pk);
    expect(store.ensureCampaign({ ...input, transport: 'outbox' }).pk).not.toBe(a.pk);
    expect(store.findCampaign('c1', 'resend')?.contentHash).toBe('h1');
  });

  it('deduplicates on disk within a run and recognises earlier recipients in the next', () => {
    const store = memoryStore();
    const { pk } = store.ensureCampaign(input);
    const run1 = store.beginRun(pk);
    expect(admitAll(store, pk, run1, [row(2, 'a@x.org'), row(3, 'b@x.org'), row(4, 'a@x.org')])).toEqual([null, null, 2]);
    const run2 = store.beginRun(pk);
    expect(run2).toBe(run1 + 1);
    // In the next run the same addresses are admitted again (they are the same recipients), duplicates still caught.
    expect(admitAll(store, pk, run2, [row(5, 'b@x.org'), row(6, 'a@x.org'), row(7, 'b@x.org')])).toEqual([null, null, 5]);
    expect(store.recipientCounts(pk)).toMatchObject({ total: 2, pending: 2 });
  });

  it('batches pending recipients in audience order, confirms them, and never offers them again', () => {
    const store = memoryStore();
    const { pk } = store.ensureCampaign(input);
    const run = store.beginRun(pk);
    admitAll(store, pk, run, [row(2, 'a@x.org', { first_name: 'A' }), row(3, 'b@x.org'), row(4, 'c@x.org')]);
    const first = store.nextRecipients(pk, run, 0, 2);
    expect(first.map((r) => [r.email, r.fields])).toEqual([
      ['a@x.org', { first_name: 'A' }],
      ['b@x.org', {}],
    ]);
    const batch = store.createBatch(pk, first, { idempotencyKey: 'k1', payloadHash: 'p1' });
    expect(batch).toMatchObject({ seq: 1, state: 'planned', size: 2, attempts: 0 });
    store.markAttempt(batch.pk);
    expect(store.inDoubtBatches(pk).map((b) => b.idempotencyKey)).toEqual(['k1']);
    expect(store.checkConsistency(pk)).toEqual([]);
    store.confirmBatch(batch.pk, first, ['id-a', 'id-b']);
    expect(store.inDoubtBatches(pk)).toEqual([]);
    expect(store.nextRecipients(pk, run, 0, 10).map((r) => r.email)).toEqual(['c@x.org']);
    expect(store.recipients(pk).map((r) => [r.email, r.state, r.deliveryId])).toEqual([
      ['a@x.org', 'sent', 'id-a'],
      ['b@x.org', 'sent', 'id-b'],
      ['c@x.org', 'pending', null],
    ]);
    expect(store.checkConsistency(pk)).toEqual([]);
  });

  it('dissolves never-sent batches and retries refused recipients on the next run', () => {
    const store = memoryStore();
    const { pk } = store.ensureCampaign(input);
    const run = store.beginRun(pk);
    admitAll(store, pk, run, [row(2, 'a@x.org'), row(3, 'b@x.org'), row(4, 'c@x.org')]);
    const [a, b, c] = store.nextRecipients(pk, run, 0, 3);
    const planned = store.createBatch(pk, [a!], { idempotencyKey: 'k1', payloadHash: 'p1' });
    const refused = store.createBatch(pk, [b!], { idempotencyKey: 'k2', payloadHash: 'p2' });
    const inDoubt = store.createBatch(pk, [c!], { idempotencyKey: 'k3', payloadHash: 'p3' });
    store.markAttempt(refused.pk);
    store.failBatch(refused.pk, '422 validation_error: bad');
    store.markAttempt(inDoubt.pk);
    expect(store.recipients(pk).map((r) => r.state)).toEqual(['queued', 'failed', 'queued']);
    // a's batch never went out: not attempted, so neither undelivered nor in doubt.
    expect(store.undeliveredPage(pk, 0, 10).map((r) => [r.email, r.error])).toEqual([
      ['b@x.org', '422 validation_error: bad'],
      ['c@x.org', null],
    ]);
    expect(store.notAttemptedCount(pk)).toBe(1);
    const run2 = store.beginRun(pk);
    expect(store.recipients(pk).map((r) => r.state)).toEqual(['pending', 'pending', 'queued']);
    expect(store.inDoubtBatches(pk).map((x) => x.pk)).toEqual([inDoubt.pk]);
    expect(store.batchRecipients(inDoubt.pk).map((r) => r.email)).toEqual(['c@x.org']);
    expect(planned.pk).toBeGreaterThan(0);
    expect(store.checkConsistency(pk)).toEqual([]);
    // Recipients not listed in this run's audience are not sent to.
    admitAll(store, pk, run2, [row(2, 'a@x.org')]);
    expect(store.nextRecipients(pk, run2, 0, 10).map((r) => r.email)).toEqual(['a@x.org']);
    expect(store.pendingCount(pk, run2)).toBe(1);
  });

  it('passes over addresses added to the suppression list during a campaign', () => {
    const store = memoryStore();
    const { pk } = store.ensureCampaign(input);
    const run = store.beginRun(pk);
    admitAll(store, pk, run, [row(2, 'a@x.org'), row(3, 'b@x.org')]);
    addSuppression(store.db, { address: 'a@x.org', reason: 'unsubscribed', source: 'one-click', time: new Date().toISOString() });
    expect(store.nextRecipients(pk, run, 0, 10).map((r) => r.email)).toEqual(['b@x.org']);
    expect(findSuppression(store.db, 'a@x.org')).toMatchObject({ reason: 'unsubscribed' });
    const importer = store.importer(pk, run);
    expect(importer.suppression('a@x.org')).toBe('on the suppression list (unsubscribed, one-click)');
    importer.addSuppression('c@x.org', 'in stop.csv line 2');
    expect(importer.suppression('c@x.org')).toBe('in stop.csv line 2');
    expect(importer.suppression('d@x.org')).toBeNull();
    importer.finish();
  });

  it('records skipped rows for the report', () => {
    const store = memoryStore();
    const { pk } = store.ensureCampaign(input);
    const run = store.beginRun(pk);
    const importer = store.importer(pk, run, 2);
    importer.skip({ line: 3, email: 'x', reason: 'invalid', detail: 'not an email address' });
    importer.skip({ line: 4, email: 'a@x.org', reason: 'duplicate', detail: 'same address as line 2' });
    importer.skip({ line: 5, email: 'b@x.org', reason: 'duplicate', detail: 'same address as line 1' });
    importer.finish();
    expect(store.skipCounts(pk, run)).toEqual({ invalid: 1, duplicate: 2, suppressed: 0 });
    expect(store.skipsPage(pk, run, 3, 10).map((s) => s.line)).toEqual([4, 5]);
    store.beginRun(pk);
    expect(store.skipCounts(pk, run)).toEqual({ invalid: 0, duplicate: 0, suppressed: 0 });
  });
});

describe('the campaign lock', () => {
  it('refuses a second live run and lets the holder release it', () => {
    const store = memoryStore();
    const { pk } = store.ensureCampaign(input);
    expect(store.acquireLock(pk, lockOwner('first'))).toEqual({ ok: true, tookOverStale: false });
    const second = store.acquireLock(pk, lockOwner('second'));
    expect(second).toMatchObject({ ok: false, holder: { pid: process.pid, host: hostname() } });
    store.releaseLock(pk, 'second'); // not the holder: no effect
    expect(store.acquireLock(pk, lockOwner('second')).ok).toBe(false);
    store.releaseLock(pk, 'first');
    expect(store.acquireLock(pk, lockOwner('second')).ok).toBe(true);
  });

  it('takes over a lock whose process is gone (kill -9)', () => {
    const store = memoryStore();
    const { pk } = store.ensureCampaign(input);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    store.acquireLock(pk, { token: 'killed', pid: dead, host: hostname() });
    expect(store.acquireLock(pk, lockOwner('next'))).toEqual({ ok: true, tookOverStale: true });
  });

  it('takes over a lock from another host only once its heartbeat is stale', () => {
    const store = memoryStore();
    const { pk } = store.ensureCampaign(input);
    const now = Date.now();
    store.acquireLock(pk, { token: 'elsewhere', pid: 1, host: 'other-host' }, now);
    expect(store.acquireLock(pk, lockOwner('here'), now + 1000).ok).toBe(false);
    store.heartbeat(pk, 'elsewhere', now + 1000);
    expect(store.acquireLock(pk, lockOwner('here'), now + 1000 + LOCK_STALE_MS + 1).ok).toBe(true);
  });
});

describe('sentAmong (the dry run asks the real record, read-only)', () => {
  it('counts the given addresses the campaign has sent to, across groups, on a read-only connection', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-sent-'));
    const file = path.join(dir, 'd.db');
    const store = new CampaignStore(openDb(file));
    const { pk } = store.ensureCampaign(input);
    const run = store.beginRun(pk);
    admitAll(store, pk, run, [row(2, 'a@x.org'), row(3, 'b@x.org'), row(4, 'c@x.org')]);
    const batch = store.createBatch(pk, store.nextRecipients(pk, run, 0, 2), { idempotencyKey: 'k1', payloadHash: 'p1' });
    store.markAttempt(batch.pk);
    store.confirmBatch(batch.pk, store.batchRecipients(batch.pk), ['id-1', 'id-2']);
    store.close();
    const reader = new CampaignStore(openDb(file, { readonly: true }));
    stores.push(reader);
    expect(reader.sentAmong(pk, ['a@x.org', 'b@x.org', 'c@x.org', 'z@x.org'], 2)).toBe(2);
    expect(reader.sentAmong(pk, ['c@x.org', 'b@x.org'])).toBe(1);
    expect(reader.sentAmong(pk, [])).toBe(0);
    expect([...reader.recipientEmails(pk)]).toEqual(['a@x.org', 'b@x.org', 'c@x.org']);
  });
});
