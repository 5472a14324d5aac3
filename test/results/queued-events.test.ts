/**
 * Events that arrive while another process holds the record (a send) take
 * serve's queue (src/serve/pending.ts) like suppressions do: answered as
 * queued, then counted once the lock frees, and once only when the journal
 * is replayed again.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/results/report.ts';
import { RESULTS_DEFAULTS } from '../../src/results/settings.ts';
import { createSuppressionWriter } from '../../src/serve/pending.ts';
import { parseWebhook } from '../../src/serve/webhook.ts';
import { openDb } from '../../src/store/db.ts';
import { waitFor } from '../support/wait-for.ts';
import { recordSentCampaign } from '../support/results-record.ts';

describe('events while the record is locked', () => {
  it('are queued, then counted once the lock frees, and not again when the journal is read at the next start', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-queued-')), 'dispatch.db');
    const db = openDb(file);
    recordSentCampaign(db, 'c1', ['a@example.org', 'b@example.org']);
    const writer = createSuppressionWriter(db);
    const send = new Database(file);
    send.exec('BEGIN IMMEDIATE');
    const at = '2026-12-01T10:00:00.000Z';
    const writes = ['c1-e0', 'c1-e1'].map((emailId, i) => {
      const parsed = parseWebhook(Buffer.from(JSON.stringify({ type: 'email.delivered', created_at: at, data: { email_id: emailId, created_at: at, from: 'n@example.org', to: ['x@example.org'], subject: 's' } })));
      if (parsed.kind === 'invalid') throw new Error(parsed.reason);
      return { kind: 'webhook' as const, svixId: `m${i}`, type: parsed.type, planned: parsed.planned, event: parsed.event, time: at };
    });
    for (const write of writes) expect(await writer.write(write)).toEqual({ queued: true });
    expect(buildReport({ db, campaign: 'c1', settings: RESULTS_DEFAULTS })!.funnel.delivered).toBe(0);
    send.exec('COMMIT');
    send.close();
    await waitFor(() => writer.pending() === 0, 'the queue to be written');
    expect(buildReport({ db, campaign: 'c1', settings: RESULTS_DEFAULTS })!.funnel.delivered).toBe(2);
    // A journal replayed twice (a crash after writing, before removing it) counts nothing twice.
    for (const write of writes) expect(await writer.write(write)).toMatchObject({ queued: false, outcome: { kind: 'replayed' } });
    expect(buildReport({ db, campaign: 'c1', settings: RESULTS_DEFAULTS })!.funnel.delivered).toBe(2);
    await writer.close();
    db.close();
  });
});
