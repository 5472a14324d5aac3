/** `npm run suppressions -- export`: the list as CSV evidence. */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.ts';
import { addSuppression, csvCell } from '../../src/suppressions/suppressions.ts';
import { runScript } from '../support/run-script.ts';

describe('suppressions export', () => {
  it('writes address, reason, source, time for every entry, quoting what needs it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-suppressions-'));
    const dbPath = path.join(dir, 'dispatch.db');
    const db = openDb(dbPath);
    addSuppression(db, { address: 'A@Example.org', reason: 'unsubscribed', source: 'one-click', time: '2024-09-24T10:00:00.000Z' });
    addSuppression(db, { address: 'b@example.org', reason: 'bounced', source: 'resend-webhook email.bounced (General), email "x"', time: '2024-09-25T10:00:00.000Z' });
    expect(addSuppression(db, { address: 'a@example.org', reason: 'complained', source: 'later', time: '2024-09-26T10:00:00.000Z' })).toBe(false);
    db.close();

    const out = path.join(dir, 'suppressions.csv');
    const result = runScript('suppressions', ['export', '--out', out, '--db', dbPath]);
    expect(result.stderr).toContain('2 suppressed addresses written');
    expect(result.status).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(parse(readFileSync(out), { columns: true })).toEqual([
      { address: 'a@example.org', reason: 'unsubscribed', source: 'one-click', time: '2024-09-24T10:00:00.000Z' },
      { address: 'b@example.org', reason: 'bounced', source: 'resend-webhook email.bounced (General), email "x"', time: '2024-09-25T10:00:00.000Z' },
    ]);
    const stdout = runScript('suppressions', ['export', '--db', dbPath]);
    expect(stdout.stdout.split('\r\n')[0]).toBe('address,reason,source,time');
    expect(runScript('suppressions', ['import', '--db', dbPath]).status).toBe(2);
  });

  it('a mistyped --db: one line naming the path and what to do, exit 2, and nothing created (no empty record, no empty export)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-suppressions-'));
    const mistyped = path.join(dir, 'dispatch.bd');
    const out = path.join(dir, 'unsubscribes.csv');
    for (const args of [['--db', mistyped, '--out', out], ['--db', mistyped]]) {
      const result = runScript('suppressions', ['export', ...args]);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^error: ${mistyped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no campaign record here \\(.*dispatch send`));
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('over an existing file: the export is owner-only (0600) whatever that file allowed, and holds the list', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-suppressions-'));
    const dbPath = path.join(dir, 'dispatch.db');
    const db = openDb(dbPath);
    addSuppression(db, { address: 'a@example.org', reason: 'unsubscribed', source: 'one-click', time: '2024-09-24T10:00:00.000Z' });
    db.close();
    const out = path.join(dir, 'unsubscribes.csv');
    writeFileSync(out, 'an older export\n', { mode: 0o644 });
    chmodSync(out, 0o644);
    const result = runScript('suppressions', ['export', '--out', out, '--db', dbPath]);
    expect(result.status, result.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out, 'utf8')).toBe('address,reason,source,time\r\na@example.org,unsubscribed,one-click,2024-09-24T10:00:00.000Z\r\n');
    expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('neutralises spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('plain')).toBe('plain');
  });
});
