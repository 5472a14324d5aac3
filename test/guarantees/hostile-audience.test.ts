/**
 * Hostile and broken audience and suppression files through the send command
 * against the Resend stand-in. Unreadable files are refused (exit 2, one line
 * naming file and line, nothing sent); files that are merely unusual (BOM,
 * CRLF, quoted commas, semicolons, duplicates, invalid or internationalised
 * addresses) are read correctly, and each dropped row is reported by line.
 */
import { createWriteStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { useStandInSuite } from '../support/stand-in-suite.ts';
import { tempContent, SAMPLE_ISSUE as ISSUE } from '../support/content.ts';
import { recordDir, UNSUBSCRIBE_SECRET } from '../support/secret-scan.ts';
import { runSend } from '../support/run-script.ts';
import { workspace } from '../support/workspace.ts';
import { sendInProcess } from '../support/send-in-process.ts';
import { expectRefused } from '../support/refusal.ts';

const suite = useStandInSuite();
const { env } = suite;

/** Sends the sample issue to an audience file with these bytes (and suppression files). */
async function send(audience: string | Buffer, suppress: Array<string | Buffer> = []) {
  const ws = workspace();
  writeFileSync(ws.audience, audience);
  const suppressFiles = suppress.map((bytes, i) => {
    const file = path.join(ws.dir, `suppress-${i}.csv`);
    writeFileSync(file, bytes);
    return file;
  });
  const result = await sendInProcess({ issueFile: ISSUE, audienceFile: ws.audience, suppressFiles, dbPath: ws.db, outboxDir: ws.outbox, yes: true }, env());
  const report = result.code === 2 ? null : (JSON.parse(readFileSync(ws.report('2024-09-23-podcast-advocacy-updates'), 'utf8')) as Report);
  return { ...result, report, outbox: ws.outbox };
}

type Report = { outcome: string; counts: { sent: number; skipped: Record<string, number> }; skipped?: Array<{ line: number; email: string; reason: string; detail: string }> };

const delivered = () => [...suite.standIn.countByRecipient().keys()].sort();
const onceEach = () => [...suite.standIn.countByRecipient().values()].every((n) => n === 1);

describe('audience and suppression files that must be refused (exit 2, one line naming file and line, nothing sent)', () => {
  const ten = () => Buffer.concat([Buffer.from('email,first_name\n'), Buffer.from(`a@example.org,${'x'.repeat(10 * 1024 * 1024)}\n`)]);
  const cases: Array<[string, () => { audience: string | Buffer; suppress?: Array<string | Buffer> }, RegExp]> = [
    ['an empty audience file', () => ({ audience: '' }), /audience\.csv: the audience file is empty \(/],
    ['an audience of blank lines only', () => ({ audience: '\n\n\r\n' }), /audience\.csv: the audience file (is empty|has no rows)/],
    ['no header row (addresses from line 1)', () => ({ audience: 'a@example.org\nb@example.org\n' }), /audience\.csv:1: the audience file has no header row/],
    ['no email column', () => ({ audience: 'name,phone\nAmina,555\n' }), /audience\.csv:1: the audience file has no "email" column/],
    ['bytes that are not UTF-8', () => ({ audience: Buffer.concat([Buffer.from('email,first_name\na@example.org,Ana\nb@example.org,Jos'), Buffer.from([0xe9, 0xff]), Buffer.from('\n')]) }), /audience\.csv:3: the file is not valid UTF-8/],
    ['a 10 MB single line', () => ({ audience: ten() }), /audience\.csv:2: a row is longer than 1 MB/],
    ['a quote never closed', () => ({ audience: 'email,first_name\na@example.org,"Amina\nb@example.org,Bo\n' }), /audience\.csv:\d+: a quoted value is never closed/],
    ['every row invalid (nobody left to send to)', () => ({ audience: 'email\nnot-an-address\n@example.org\n' }), /audience\.csv: no one to send to after filtering/],
    ['everyone suppressed', () => ({ audience: 'email\na@example.org\n', suppress: ['email\nA@Example.org\n'] }), /audience\.csv: no one to send to after filtering/],
    ['an empty suppression file', () => ({ audience: 'email\na@example.org\n', suppress: [''] }), /suppress-0\.csv: the suppression file is empty/],
    ['a suppression file that is not UTF-8', () => ({ audience: 'email\na@example.org\n', suppress: [Buffer.concat([Buffer.from('email\nx@example.org\nb'), Buffer.from([0xc3, 0x28]), Buffer.from('@example.org\n')])] }), /suppress-0\.csv:3: the file is not valid UTF-8/],
    ['a suppression file with a 10 MB single line', () => ({ audience: 'email\na@example.org\n', suppress: [`email\n${'y'.repeat(10 * 1024 * 1024)}\n`] }), /suppress-0\.csv:2: a row is longer than 1 MB/],
  ];
  it.each(cases)('%s', async (_name, make, where) => {
    const { audience, suppress } = make();
    const result = await send(audience, suppress);
    expectRefused(result, where, { standIn: suite.standIn, outbox: result.outbox });
  });

  it('an audience file that does not exist', async () => {
    const ws = workspace();
    const result = await sendInProcess({ issueFile: ISSUE, audienceFile: path.join(ws.dir, 'missing.csv'), dbPath: ws.db, outboxDir: ws.outbox, yes: true }, env());
    expectRefused(result, /missing\.csv: .*(no such file|not found|does not exist)/i, { standIn: suite.standIn, outbox: ws.outbox });
  });
});

describe('audience files that are unusual but valid are read correctly', () => {
  it('a UTF-8 byte-order mark before the header', async () => {
    const result = await send('\ufeffemail,first_name\na@example.org,Ana\nb@example.org,Bo\n');
    expect(result.code, result.stderr).toBe(0);
    expect(delivered()).toEqual(['a@example.org', 'b@example.org']);
  });

  it('CRLF line ends (no stray carriage return in a merge field)', async () => {
    const result = await send('email,first_name\r\na@example.org,Ana\r\nb@example.org,Bo\r\n');
    expect(result.code, result.stderr).toBe(0);
    expect(delivered()).toEqual(['a@example.org', 'b@example.org']);
    expect(suite.standIn.deliveriesTo('a@example.org')[0]!.text).toMatch(/Salaam Ana,/);
  });

  it('quoted commas, quotes and line breaks inside a value', async () => {
    const result = await send('email,first_name\n"a@example.org","Rahman, ""Ana"""\nb@example.org,Bo\n');
    expect(result.code, result.stderr).toBe(0);
    expect(suite.standIn.deliveriesTo('a@example.org')[0]!.text).toContain('Salaam Rahman, "Ana",');
    expect(suite.standIn.deliveriesTo('a@example.org')[0]!.html).toContain('Rahman, &quot;Ana&quot;');
  });

  it('semicolon-separated (a European spreadsheet export)', async () => {
    const result = await send('email;first_name\na@example.org;Ana\nb@example.org;Bo\n');
    expect(result.code, result.stderr).toBe(0);
    expect(delivered()).toEqual(['a@example.org', 'b@example.org']);
    expect(suite.standIn.deliveriesTo('b@example.org')[0]!.text).toMatch(/Salaam Bo,/);
  });

  it('duplicate addresses differing in case or whitespace: sent once, the others reported by line', async () => {
    const result = await send('email,first_name\na@example.org,Ana\n  A@EXAMPLE.ORG ,Ana again\nA@example.org,Ana thrice\nb@example.org,Bo\n');
    expect(result.code, result.stderr).toBe(0);
    expect(delivered()).toEqual(['a@example.org', 'b@example.org']);
    expect(onceEach()).toBe(true);
    expect(result.report!.counts.skipped.duplicate).toBe(2);
    expect(result.stdout).toMatch(/audience\.csv:3 .*duplicate: same address as line 2/);
    expect(result.stdout).toMatch(/audience\.csv:4 .*duplicate: same address as line 2/);
  });

  it('invalid addresses: skipped with line and reason, the rest sent', async () => {
    const bad = ['plainaddress', '@example.org', 'a@b', 'two@@example.org', 'a..b@example.org', 'x@-example.org', `${'l'.repeat(65)}@example.org`, '"quoted"@example.org', 'a@example.org<script>'];
    const result = await send(`email\n${bad.join('\n')}\nok@example.org\n`);
    expect(result.code, result.stderr).toBe(0);
    expect(delivered()).toEqual(['ok@example.org']);
    expect(result.report!.counts.skipped.invalid).toBe(bad.length);
    for (let line = 2; line < 2 + Math.min(bad.length, 5); line++) expect(result.stdout).toMatch(new RegExp(`audience\\.csv:${line} .*invalid: `));
  });

  it('internationalised addresses: IDN domains sent in punycode, non-ASCII local parts skipped with the reason', async () => {
    const result = await send('email\nana@exämple.org\njosé@example.org\n用户@例子.广告\nok@example.org\n');
    expect(result.code, result.stderr).toBe(0);
    expect(delivered()).toEqual(['ana@xn--exmple-cua.org', 'ok@example.org']);
    expect(result.stdout).toMatch(/audience\.csv:3 .*invalid: non-ASCII/);
    expect(result.stdout).toMatch(/audience\.csv:4 .*invalid: non-ASCII/);
  });

  it('a suppression file in another case, with BOM and CRLF, keeps those addresses out', async () => {
    const result = await send('email\na@example.org\nb@example.org\nc@example.org\n', ['\ufeffEmail\r\n B@EXAMPLE.ORG \r\n']);
    expect(result.code, result.stderr).toBe(0);
    expect(delivered()).toEqual(['a@example.org', 'c@example.org']);
    expect(result.stdout).toMatch(/audience\.csv:3 .*suppressed: /);
  });
});

describe('control characters in input are shown escaped, never sent raw to the terminal', () => {
  const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;

  it('an invalid address carrying an escape sequence, a bell and a carriage return: its skipped line shows them as \\x1b, \\x07, \\r', async () => {
    const result = await send(`email\n"evil\x1b[31mred\x07\rok@example.org"\nok@example.org\n`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(RAW_CONTROL);
    expect(result.stdout).toContain('audience.csv:2  evil\\x1b[31mred\\x07\\rok@example.org  invalid: ');
  });

  it('a header naming no email column, with an escape sequence: the refusal shows it escaped', async () => {
    const result = await send('name\x1b]0;pwned\x07,phone\nAmina,555\n');
    expectRefused(result, /audience\.csv:1: the audience file has no "email" column/, { standIn: suite.standIn, outbox: result.outbox });
    expect(result.stderr).not.toMatch(RAW_CONTROL);
    expect(result.stderr).toContain('name\\x1b]0;pwned\\x07');
  });

  it('a --test-to, --campaign or --schedule value with control characters: one refusal line with them escaped', async () => {
    for (const options of [{ testTo: ['a\x1b[2J@example.org'] }, { campaign: 'x\x1b[2J', audienceFile: 'content/audiences/sample.csv' }, { schedule: 'soon\x1b[2J', audienceFile: 'content/audiences/sample.csv' }]) {
      const ws = workspace();
      const result = await sendInProcess({ issueFile: ISSUE, dbPath: ws.db, outboxDir: ws.outbox, yes: true, ...options }, env());
      expectRefused(result, /\\x1b\[2J/, { standIn: suite.standIn, outbox: ws.outbox });
      expect(result.stderr).not.toMatch(RAW_CONTROL);
    }
  });
});

describe('merge values are data, never markup or headers', () => {
  it('a first name carrying CR/LF, a Bcc header and markup stays one subject line, adds no header and shows as text (Resend and outbox)', async () => {
    const content = tempContent({ 'merge.yaml': readFileSync(ISSUE, 'utf8').replace(/^subject: .*$/m, 'subject: "Hello {{first_name|friend}}, new episode"') });
    recordDir(content.dir);
    const evil = 'Ana\r\nBcc: victim@example.org\r\n\r\n<script>alert(1)</script>';
    const ws = workspace();
    writeFileSync(ws.audience, `email,first_name\na@example.org,"${evil}"\n`);
    const viaApi = await sendInProcess({ issueFile: content.issue('merge.yaml'), audienceFile: ws.audience, dbPath: ws.db, yes: true }, env());
    expect(viaApi.code, viaApi.stderr).toBe(0);
    const email = suite.standIn.deliveriesTo('a@example.org')[0]!;
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain('Hello Ana Bcc: victim@example.org');
    expect(email.html).not.toContain('<script>alert(1)</script>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(suite.standIn.countByRecipient().has('victim@example.org')).toBe(false);

    const viaOutbox = await sendInProcess({ issueFile: content.issue('merge.yaml'), audienceFile: ws.audience, dbPath: ws.db, outboxDir: ws.outbox }, { UNSUBSCRIBE_SECRET });
    expect(viaOutbox.code, viaOutbox.stderr).toBe(0);
    const folder = path.join(ws.outbox, 'merge');
    const [file] = readdirSync(folder);
    const parsed = await simpleParser(readFileSync(path.join(folder, file!)));
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headerLines.filter((h) => h.key === 'bcc')).toEqual([]);
    expect(parsed.subject).toContain('Hello Ana Bcc: victim@example.org');
    expect(parsed.html || '').not.toContain('<script>alert(1)</script>');
  });
});

describe('a million rows', () => {
  it('are streamed: a dry run of the real command reads, deduplicates and plans them in well under 30 s', async () => {
    const ws = workspace();
    const out = createWriteStream(ws.audience);
    out.write('email,first_name\n');
    let invalid = 0;
    let duplicate = 0;
    let previousValid = false;
    for (let i = 0; i < 1_000_000; i++) {
      // Every 997th row (from 500) is invalid; every 1,000th repeats the row before it in capitals.
      let line: string;
      if (i % 997 === 500) {
        line = `not-an-address-${i},X\n`;
        invalid++;
        previousValid = false;
      } else if (i % 1000 === 999) {
        line = `USER${i - 1}@EXAMPLE.ORG,Dup\n`;
        if (previousValid) duplicate++;
        previousValid = false;
      } else {
        line = `user${i}@example.org,User ${i}\n`;
        previousValid = true;
      }
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const started = Date.now();
    const result = await runSend([ISSUE, '--audience', ws.audience, '--db', ws.db, '--dry-run'], env());
    const ms = Date.now() - started;
    expect(result.code, result.stderr).toBe(0);
    const recipients = 1_000_000 - invalid - duplicate;
    expect(result.stdout).toContain(`1,000,000 rows, ${recipients.toLocaleString('en')} recipients, ${invalid + duplicate} skipped (${invalid} invalid, ${duplicate} duplicate)`);
    expect(result.stdout).toMatch(/audience\.csv:502 +not-an-address-500 +invalid/);
    expect(result.stdout).toMatch(/to send: +997,\d{3} emails in 9,980 batches/);
    expect(suite.standIn.requests).toHaveLength(0);
    console.log(`million-row dry run: ${ms} ms`);
    // ~15 s on an idle 2-core machine; the bound leaves room for a busy one.
    expect(ms).toBeLessThan(45_000);
  }, 120_000);
});
