import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration } from '../../src/campaign/progress.ts';
import { reportPath, summaryLines, writeReport, type CampaignReport } from '../../src/campaign/send-report.ts';
import { parseTestTo, transportConfig, DEVELOPMENT_SECRET } from '../../src/campaign/config.ts';
import { checkSchedule, tuningFromEnv } from '../../src/deliver/send-settings.ts';
import { CampaignStore } from '../../src/store/campaign-store.ts';
import { openMemoryDb } from '../../src/store/db.ts';
import { DispatchError } from '../../src/errors/errors.ts';

describe('progress without a terminal', () => {
  it('prints a plain line now and then with the rate and time left, never a bar', async () => {
    const lines: string[] = [];
    let now = 0;
    const progress = createProgress({ info: () => {}, warn: (l) => lines.push(l), isTTY: false }, { total: 1000, label: 'sending', intervalMs: 10, now: () => now });
    now = 2000;
    progress.update(400);
    await new Promise((resolve) => setTimeout(resolve, 30));
    progress.stop();
    expect(lines[0]).toBe('sending: 400/1000 (40%), 200/s, about 3 s left');
  });

  it('formats durations', () => {
    expect([5, 65, 3725, Infinity].map(formatDuration)).toEqual(['5 s', '1 min 5 s', '1 h 2 min', '?']);
  });
});

describe('report', () => {
  it('writes counts, every skipped row and every undelivered recipient, owner-only, beside the record', () => {
    const store = new CampaignStore(openMemoryDb());
    const { pk } = store.ensureCampaign({ id: 'c', transport: 'resend', issueSlug: 's', issueFile: 'f', subject: 'S', contentHash: 'h', scheduledAt: null });
    const run = store.beginRun(pk);
    const importer = store.importer(pk, run);
    importer.skip({ line: 3, email: 'bad', reason: 'invalid', detail: 'not an email address' });
    importer.admit({ line: 2, email: 'a@example.org', fields: {} });
    importer.finish();
    const [a] = store.nextRecipients(pk, run, 0, 10);
    const batch = store.createBatch(pk, [a!], { idempotencyKey: 'k', payloadHash: 'p' });
    store.markAttempt(batch.pk);
    store.failBatch(batch.pk, '422 validation_error: nope');
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-report-'));
    const file = reportPath(path.join(dir, 'dispatch.db'), 'c', 'resend');
    expect(file).toBe(path.join(dir, 'c.resend.report.json'));
    const report: CampaignReport = {
      campaign: 'c',
      transport: 'resend',
      issue: { file: 'f', slug: 's', subject: 'S' },
      run,
      startedAt: 'x',
      finishedAt: 'y',
      durationMs: 1,
      outcome: 'stopped',
      scheduledAt: null,
      audience: { file: 'a.csv', rows: 2, recipients: 1 },
      counts: { sent: 0, sentThisRun: 0, alreadySent: 0, skipped: { invalid: 1, duplicate: 0, suppressed: 0 }, skippedTotal: 1, failed: 1, inDoubt: 0, pending: 0 },
      batches: { confirmed: 0, inDoubt: 0, failed: 1, attempts: 1 },
      rateLimit: null,
      stoppedBy: { status: 422, name: 'validation_error', message: 'nope', hint: 'fix it' },
      outbox: null,
      reportFile: file,
    };
    writeReport(report, store, pk);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.skipped).toEqual([{ line: 3, email: 'bad', reason: 'invalid', detail: 'not an email address' }]);
    expect(written.undelivered).toEqual([{ email: 'a@example.org', state: 'failed', error: '422 validation_error: nope' }]);
    expect(summaryLines(report)).toEqual([
      'Stopped: 0 emails sent, 1 row skipped (1 invalid), 1 failed.',
      'The API answered 422 validation_error: nope',
      'What to do: fix it',
      `Report: ${file}`,
    ]);
    store.close();
  });
});

describe('configuration', () => {
  it('picks the outbox without a key, with the development secret only when none is set', () => {
    expect(transportConfig({})).toEqual({ kind: 'outbox', secret: DEVELOPMENT_SECRET, developmentSecret: true });
    expect(transportConfig({ RESEND_API_KEY: '  ', UNSUBSCRIBE_SECRET: 's3cret' })).toEqual({ kind: 'outbox', secret: 's3cret', developmentSecret: false });
    expect(transportConfig({ RESEND_API_KEY: 're_123456789', UNSUBSCRIBE_SECRET: 's', RESEND_BASE_URL: 'http://127.0.0.1:1/' })).toMatchObject({ kind: 'resend', baseUrl: 'http://127.0.0.1:1' });
    expect(() => transportConfig({ RESEND_API_KEY: 're_123456789', UNSUBSCRIBE_SECRET: 's', RESEND_BASE_URL: 'ftp://x' })).toThrow(/RESEND_BASE_URL/);
  });

  it('checks schedules, test addresses and tuning variables', () => {
    const now = Date.parse('2024-09-23T12:00:00Z');
    expect(checkSchedule('2024-09-23T10:00:00-04:00', now)).toBe('2024-09-23T14:00:00.000Z');
    expect(() => checkSchedule('2024-11-23T10:00:00Z', now)).toThrow(/more than 30 days/);
    expect(() => checkSchedule('2024-09-24 10:00', now)).toThrow(/ISO 8601/);
    expect(parseTestTo(['A@example.org, b@example.org', 'a@example.org'])).toEqual(['a@example.org', 'b@example.org']);
    expect(() => parseTestTo([''])).toThrow(DispatchError);
    expect(tuningFromEnv({ DISPATCH_REQUEST_TIMEOUT_MS: '1500' })).toMatchObject({ timeoutMs: 1500 });
    expect(() => tuningFromEnv({ DISPATCH_MAX_ATTEMPTS: 'lots' })).toThrow(/DISPATCH_MAX_ATTEMPTS must be a number/);
  });
});
