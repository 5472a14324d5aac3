import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filterAudience, memoryAdmit, readAudience, type AudienceEntry } from '../../src/audience/audience.ts';
import { normaliseColumnName, openCsv, sniffDelimiter } from '../../src/audience/csv.ts';
import { loadSuppressions } from '../../src/audience/suppression-files.ts';
import { DispatchError } from '../../src/errors/errors.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-audience-'));
let n = 0;
function csv(content: string | Buffer, name = `a${++n}.csv`): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function entries(file: string, suppressed: ReadonlyMap<string, string> = new Map()): Promise<AudienceEntry[]> {
  const audience = await readAudience(file);
  const out: AudienceEntry[] = [];
  for await (const entry of filterAudience(audience.entries, { suppression: (email) => suppressed.get(email) ?? null, admit: memoryAdmit() })) out.push(entry);
  return out;
}

async function problem(file: string): Promise<string> {
  try {
    await entries(file);
  } catch (error) {
    expect(error).toBeInstanceOf(DispatchError);
    return `${(error as DispatchError).message} (${(error as DispatchError).hint})`;
  }
  throw new Error('expected a DispatchError');
}

describe('readAudience', () => {
  it('reads a header row, the email column and the other columns as merge fields', async () => {
    const rows = await entries(csv('email,first_name,Last Name,City\namina@example.org,Amina,Rahman,Mississauga\n'));
    expect(rows).toEqual([{ kind: 'row', line: 2, email: 'amina@example.org', fields: { first_name: 'Amina', last_name: 'Rahman', city: 'Mississauga' } }]);
  });

  it('handles a UTF-8 BOM, CRLF, quoted commas and quotes, and leaves empty cells out', async () => {
    const rows = await entries(csv('\uFEFFemail,first_name,note\r\n"yusuf@example.org","Ali, Yusuf","say ""hi"""\r\nomar@example.org,,\r\n'));
    expect(rows).toEqual([
      { kind: 'row', line: 2, email: 'yusuf@example.org', fields: { first_name: 'Ali, Yusuf', note: 'say "hi"' } },
      { kind: 'row', line: 3, email: 'omar@example.org', fields: {} },
    ]);
  });

  it('numbers lines as a text editor does, across quoted line breaks and blank lines', async () => {
    const rows = await entries(csv('email,note\r\na@example.org,"two\r\nlines"\r\n\r\nb@example.org,x\nc@example.org,"three\nline\nnote"\nnot-an-address,y\n'));
    expect(rows.map((r) => [r.line, r.email])).toEqual([
      [2, 'a@example.org'],
      [5, 'b@example.org'],
      [6, 'c@example.org'],
      [9, 'not-an-address'],
    ]);
  });

  it('drops duplicates (differing in case or spaces), invalid and suppressed rows with line and reason', async () => {
    const file = csv('email,first_name\nAmina@Example.org,Amina\n  amina@example.org ,Again\nnot an address,X\n,Nobody\nstop@example.org,Stop\nyusuf@example.org,Yusuf\n');
    const rows = await entries(file, new Map([['stop@example.org', 'in stop.csv line 2']]));
    expect(rows).toEqual([
      { kind: 'row', line: 2, email: 'amina@example.org', fields: { first_name: 'Amina' } },
      { kind: 'skip', line: 3, email: 'amina@example.org', reason: 'duplicate', detail: 'same address as line 2' },
      { kind: 'skip', line: 4, email: 'not an address', reason: 'invalid', detail: expect.stringContaining('not an email address') },
      { kind: 'skip', line: 5, email: '', reason: 'invalid', detail: 'no address' },
      { kind: 'skip', line: 6, email: 'stop@example.org', reason: 'suppressed', detail: 'in stop.csv line 2' },
      { kind: 'row', line: 7, email: 'yusuf@example.org', fields: { first_name: 'Yusuf' } },
    ]);
  });

  it('reads semicolon- and tab-separated exports', async () => {
    expect(await entries(csv('email;first_name\na@example.org;Amina\n'))).toEqual([{ kind: 'row', line: 2, email: 'a@example.org', fields: { first_name: 'Amina' } }]);
    expect(await entries(csv('Email\tFirst Name\na@example.org\tAmina\n'))).toEqual([{ kind: 'row', line: 2, email: 'a@example.org', fields: { first_name: 'Amina' } }]);
  });

  it('refuses an empty file, a file without a header, and a file without an email column', async () => {
    expect(await problem(csv(''))).toMatch(/audience file is empty/);
    expect(await problem(csv('\n\n'))).toMatch(/audience file is empty/);
    expect(await problem(csv('amina@example.org,Amina\n'))).toMatch(/:1: the audience file has no header row/);
    expect(await problem(csv('name,city\nAmina,Ottawa\n'))).toMatch(/:1: the audience file has no "email" column.*found: name, city/);
    expect(await problem(path.join(dir, 'missing.csv'))).toMatch(/missing\.csv: file not found/);
  });

  it('refuses bytes that are not UTF-8, naming the line', async () => {
    const latin1 = Buffer.concat([Buffer.from('email,city\na@example.org,Ottawa\nb@example.org,Montr'), Buffer.from([0xe9]), Buffer.from('al\n')]);
    expect(await problem(csv(latin1))).toMatch(/:3: the file is not valid UTF-8/);
  });

  it('refuses a 10 MB single line without reading it whole into a record', async () => {
    const file = csv(`email,note\na@example.org,${'x'.repeat(10 * 1024 * 1024)}\n`);
    expect(await problem(file)).toMatch(/:2: a row is longer than 1 MB/);
  });

  it('refuses an unclosed quote', async () => {
    expect(await problem(csv('email,note\na@example.org,"never closed\n'))).toMatch(/quoted value is never closed/);
  });

  it('drops a row whose merge value is absurdly long', async () => {
    const rows = await entries(csv(`email,first_name\na@example.org,${'y'.repeat(3000)}\n`));
    expect(rows[0]).toMatchObject({ kind: 'skip', reason: 'invalid', detail: expect.stringContaining('first_name column is longer') });
  });

  it('streams a large file with flat memory', async () => {
    const lines = ['email,first_name'];
    for (let i = 0; i < 50_000; i++) lines.push(`user${i}@example.org,User ${i}`);
    const file = csv(`${lines.join('\n')}\n`);
    let count = 0;
    const audience = await readAudience(file);
    for await (const entry of audience.entries) if (entry.kind === 'row') count++;
    expect(count).toBe(50_000);
  });
});

describe('csv helpers', () => {
  it('normalises column names into merge-field names', () => {
    expect(['First Name', ' EMAIL ', 'e-mail', 'Postal code (CA)', '', '2nd'].map(normaliseColumnName)).toEqual(['first_name', 'email', 'e_mail', 'postal_code_ca', 'column_5', '_2nd']);
  });

  it('sniffs the delimiter from the header line only', () => {
    expect(sniffDelimiter('email,first_name\n')).toBe(',');
    expect(sniffDelimiter('email;first_name;city\n')).toBe(';');
    expect(sniffDelimiter('email\tname\n')).toBe('\t');
    expect(sniffDelimiter('"a;b",c\n')).toBe(',');
  });

  it('accepts a header-less address list only where allowed', async () => {
    const file = csv('stop@example.org\nother@example.org\n');
    const table = await openCsv(file, { kind: 'suppression', allowBareList: true });
    expect(table.hasHeader).toBe(false);
    const rows = [];
    for await (const row of table.rows) rows.push(row);
    expect(rows.map((r) => r.line)).toEqual([1, 2]);
  });
});

describe('suppression files', () => {
  it('reads a CSV with an email column, or a bare list, and describes the source line', async () => {
    const withHeader = csv('email,reason\nStop@Example.org,asked\nnot-an-address,x\n', 'stop.csv');
    const bare = csv('bounced@example.org\n', 'bounced.csv');
    const map = await loadSuppressions([withHeader, bare]);
    expect([...map]).toEqual([
      ['stop@example.org', 'in stop.csv line 2'],
      ['bounced@example.org', 'in bounced.csv line 1'],
    ]);
  });
});
