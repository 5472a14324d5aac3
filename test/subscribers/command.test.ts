/** `dispatch subscribers` (and `npm run subscribers --`) as a user runs it. */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDispatch, runScript } from '../support/run-script.ts';

describe('dispatch subscribers', () => {
  it('import, export (the whole record, or one person), erase, then a refused re-import', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-subscribers-'));
    const db = path.join(dir, 'dispatch.db');
    const csv = path.join(dir, 'list.csv');
    writeFileSync(csv, 'email,first_name,consent,consent_date,consent_source,implied_reason\namina@example.org,Amina,express,2025-03-01,web form,\nomar@example.org,Omar,implied,2026-06-01,,membership\n');

    const imported = runScript('subscribers', ['import', csv, '--db', db]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`${csv}: 2 rows, 2 consent events added`);

    const out = path.join(dir, 'record.csv');
    const exported = runDispatch(['subscribers', 'export', '--db', db, '--out', out]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stderr).toContain(`2 consent events written to ${out}`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out, 'utf8').trim().split('\r\n')).toHaveLength(3);
    const one = runDispatch(['subscribers', 'export', '--db', db, '--email', 'omar@example.org']);
    expect(one.stdout.trim().split('\r\n').slice(1)).toEqual([expect.stringMatching(/^omar@example\.org,Omar,,,implied,2026-06-01T00:00:00\.000Z,membership \(import list\.csv:3\),membership,2028-06-01/)]);

    const erased = runDispatch(['subscribers', 'erase', 'Amina@Example.org', '--db', db]);
    expect(erased.status, erased.stderr).toBe(0);
    expect(erased.stdout).toMatch(/removed 2 rows naming the address .* only a salted hash is kept/);
    expect(erased.stdout + erased.stderr).not.toContain('amina');
    expect(runDispatch(['subscribers', 'export', '--db', db]).stdout).not.toContain('amina');

    const again = runDispatch(['subscribers', 'import', csv, '--db', db]);
    expect(again.status).toBe(1);
    expect(again.stdout).toContain('2 rows, 0 consent events added, 1 refused');
    expect(again.stderr).toContain(`${csv}:2: amina@example.org: erased on request`);
  });

  it('usage mistakes and a bad file exit 2 with one line each, and write nothing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-subscribers-'));
    const db = path.join(dir, 'dispatch.db');
    expect(runDispatch(['subscribers', 'purge', '--db', db]).stderr).toMatch(/unknown command purge/);
    expect(runDispatch(['subscribers', 'import', '--db', db]).stderr).toMatch(/missing the CSV file/);
    expect(runDispatch(['subscribers', 'erase', 'not-an-address', '--db', db]).stderr).toMatch(/not-an-address: not an email address/);
    const csv = path.join(dir, 'bad.csv');
    writeFileSync(csv, 'email,consent,consent_date\na@example.org,express,\n');
    const bad = runDispatch(['subscribers', 'import', csv, '--db', db]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`${csv}:2: consent_date: empty`);
    expect(bad.stderr).toContain(`${csv}:2: consent_source: empty`);
    expect(runDispatch(['subscribers', 'export', '--db', db]).stdout.trim().split('\r\n')).toHaveLength(1);
  });
});
