/**
 * Broken configuration: keys, brand, paths and concurrent runs. Each refusal
 * exits 2 with one line naming the variable, file or flag and what to do,
 * sends nothing and writes no message; a few go through the real command
 * (child process) to prove the CLI prints no stack trace unless --verbose.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.ts';
import { useStandInSuite } from '../support/stand-in-suite.ts';
import { tempContent, SAMPLE_ISSUE as ISSUE } from '../support/content.ts';
import { API_KEY, recordDir, UNSUBSCRIBE_SECRET } from '../support/secret-scan.ts';
import { runSend, startSend } from '../support/run-script.ts';
import { workspace } from '../support/workspace.ts';
import { sendInProcess } from '../support/send-in-process.ts';
import { expectRefused, SAYS_WHAT_TO_DO } from '../support/refusal.ts';

const suite = useStandInSuite({ recordBodies: false });
const { env } = suite;
const brand = readFileSync('content/brand.yaml', 'utf8');

function withBrand(text: string | null) {
  const content = tempContent({ 'issue.yaml': readFileSync(ISSUE) });
  recordDir(content.dir);
  if (text === null) writeFileSync(path.join(content.dir, 'brand.yaml'), '');
  else writeFileSync(path.join(content.dir, 'brand.yaml'), text);
  return content.issue('issue.yaml');
}

describe('configuration that must be refused (exit 2, one line, nothing sent)', () => {
  type Case = [string, () => Promise<{ code: number; stdout: string; stderr: string; outbox: string }>, RegExp];
  const ws = () => workspace(3);
  /** The refusal, and the outbox the run was given (where no message may appear). */
  const send = async (w: ReturnType<typeof workspace>, e: NodeJS.ProcessEnv, issueFile = ISSUE, extra: { outboxDir?: string } & Record<string, unknown> = {}) => {
    const options = { issueFile, audienceFile: w.audience, dbPath: w.db, outboxDir: w.outbox, yes: true, ...extra };
    return { ...(await sendInProcess(options, e)), outbox: options.outboxDir };
  };
  const fileBlocker = (w: ReturnType<typeof workspace>) => {
    const file = path.join(w.dir, 'file.txt');
    writeFileSync(file, 'a regular file, so nothing can be created under it, not even by root');
    return file;
  };
  const cases: Case[] = [
    ['a malformed key (a space and a line break in it)', () => send(ws(), env({ RESEND_API_KEY: `${API_KEY} \nX-Evil: 1` })), /RESEND_API_KEY does not look like an API key/],
    ['a key too short to be one', () => send(ws(), env({ RESEND_API_KEY: 're_1' })), /RESEND_API_KEY does not look like an API key/],
    ['a key with UNSUBSCRIBE_SECRET missing', () => send(ws(), env({ UNSUBSCRIBE_SECRET: '' })), /UNSUBSCRIBE_SECRET is not set/],
    ['RESEND_BASE_URL that is not an http(s) URL', () => send(ws(), env({ RESEND_BASE_URL: 'file:///etc/passwd' })), /RESEND_BASE_URL is not an http\(s\) URL/],
    ['a missing brand file', () => send(ws(), env(), withBrand(null)), /brand\.yaml/],
    ['a brand without a mailing address', () => send(ws(), env(), withBrand(brand.replace(/^mailingAddress: \|\n(?: {2}.*\n)+/m, ''))), /brand\.yaml.*mailingAddress/],
    ['a brand whose mailing address is blank', () => send(ws(), env(), withBrand(brand.replace(/^mailingAddress: \|\n(?: {2}.*\n)+/m, 'mailingAddress: " "\n'))), /brand\.yaml.*mailingAddress/],
    ['a `from` that is not an address', () => send(ws(), env(), withBrand(brand.replace(/^from: .*$/m, 'from: CMPAC Newsletter'))), /brand\.yaml.*from/],
    ['an unsubscribe page that is not https', () => send(ws(), env(), withBrand(brand.replace(/url: https:\/\/www\.canadianmuslimpac\.ca\/newsletter\/unsubscribe/, 'url: http://www.canadianmuslimpac.ca/newsletter/unsubscribe'))), /brand\.yaml.*unsubscribe/],
    [
      'an unwritable outbox folder (under a regular file: ENOTDIR even for root)',
      async () => {
        const w = ws();
        return send(w, {}, ISSUE, { outboxDir: path.join(fileBlocker(w), 'outbox') });
      },
      /cannot write to the outbox folder .*file\.txt.*\(ENOTDIR\).*--outbox/,
    ],
    ['an unwritable outbox folder (on sysfs: EACCES even for root)', () => send(ws(), {}, ISSUE, { outboxDir: '/sys/fs/dispatch-outbox' }), /cannot write to the outbox folder \/sys\/fs\/dispatch-outbox.*--outbox/],
    [
      'an outbox path that is a file',
      async () => {
        const w = ws();
        return send(w, {}, ISSUE, { outboxDir: fileBlocker(w) });
      },
      /cannot write to the outbox folder .*file\.txt/,
    ],
    [
      'an unwritable record folder (under a regular file)',
      async () => {
        const w = ws();
        return send(w, env(), ISSUE, { dbPath: path.join(fileBlocker(w), 'record', 'dispatch.db') });
      },
      /cannot open the campaign record .*file\.txt.*--db/,
    ],
    ['an unwritable record folder (on sysfs)', () => send(ws(), env(), ISSUE, { dbPath: '/sys/fs/dispatch-record/dispatch.db' }), /cannot open the campaign record \/sys\/fs\/dispatch-record.*(--db|DISPATCH_DB)/],
    [
      'a record file that is not a database',
      async () => {
        const w = ws();
        mkdirSync(path.dirname(w.db), { recursive: true });
        writeFileSync(w.db, 'this is not SQLite '.repeat(300));
        return send(w, env());
      },
      /cannot open the campaign record .*dispatch\.db/,
    ],
    ['a campaign id that climbs out of its folder', () => send(ws(), env(), ISSUE, { campaign: '../../etc/cron.d/x' }), /--campaign "\.\.\/\.\.\/etc\/cron\.d\/x" is not a usable campaign id/],
    ['a schedule that is not a time', () => send(ws(), env(), ISSUE, { schedule: 'tomorrow-ish' }), /--schedule "tomorrow-ish" is not an ISO 8601 time/],
    ['an unknown preflight tool', () => send(ws(), env({ DISPATCH_PREFLIGHT_TOOLS: 'chromium,telnet' })), /DISPATCH_PREFLIGHT_TOOLS: unknown tool telnet/],
  ];
  it.each(cases)('%s', async (_name, run, where) => {
    const result = await run();
    expectRefused(result, where, { standIn: suite.standIn, outbox: result.outbox });
    expect(result.stderr).toMatch(SAYS_WHAT_TO_DO);
    expect(result.stderr + result.stdout).not.toContain(API_KEY);
  });
});

describe('keys', () => {
  it('no key: the outbox, named as such, and nothing to the API', async () => {
    const w = workspace(3);
    const result = await sendInProcess({ issueFile: ISSUE, audienceFile: w.audience, dbPath: w.db, outboxDir: w.outbox }, { RESEND_BASE_URL: suite.standIn.url, UNSUBSCRIBE_SECRET });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/through the outbox \(/);
    expect(suite.standIn.requests).toHaveLength(0);
  });

  it('a key the API rejects: stops at the first batch with the API message, exit 2, nothing sent (real command)', async () => {
    const w = workspace(250);
    const result = await runSend([ISSUE, '--audience', w.audience, '--db', w.db], env({ RESEND_API_KEY: 're_WrongKey_0000000000000000' }));
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/403 invalid_api_key/);
    expect(result.stderr).toMatch(/RESEND_API_KEY/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(suite.standIn.emails).toHaveLength(0);
    expect(suite.standIn.requests.filter((r) => r.path === '/emails/batch').length).toBeLessThanOrEqual(2);
    expect(result.stderr + result.stdout).not.toContain('re_WrongKey_0000000000000000');
  });
});

describe('the real command', () => {
  it('prints a refusal in one line without a stack trace, and the stack only with --verbose', async () => {
    const w = workspace(3);
    const args = [ISSUE, '--audience', w.audience, '--db', w.db];
    const plain = await runSend(args, env({ RESEND_BASE_URL: 'ftp://example.org' }));
    expect(plain.code).toBe(2);
    expect(plain.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: RESEND_BASE_URL is not an http\(s\) URL \(.+\)$/)]);
    const verbose = await runSend([...args, '--verbose'], env({ RESEND_BASE_URL: 'ftp://example.org' }));
    expect(verbose.code).toBe(2);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('a second concurrent run of the same campaign refuses (exit 2) and the first completes exactly once', async () => {
    const { standIn } = suite;
    const w = workspace(300);
    const args = [ISSUE, '--audience', w.audience, '--db', w.db, '--outbox', w.outbox, '--campaign', 'twice'];
    // The API holds the first run's first answer until the second run is done: the first holds the lock that long, however slow the machine.
    standIn.failNext(1, 'hold');
    const first = startSend(args, env());
    await waitFor(() => standIn.requests.some((r) => r.fault === 'hold'), "the first run's first batch to reach the API", { unless: first.done });
    const requests = standIn.requests.length;
    const second = await runSend(args, env());
    expectRefused(second, /campaign twice is being sent right now by another run/, { outbox: w.outbox });
    // Nothing from the second run (and nothing more from the first, which waits for its answer before the next request).
    expect(standIn.requests).toHaveLength(requests);
    expect(standIn.releaseHeldAnswers()).toBe(1);
    const done = await first.done;
    expect(done.code, done.stderr).toBe(0);
    expect(standIn.countByRecipient().size).toBe(300);
    expect([...standIn.countByRecipient().values()].every((n) => n === 1)).toBe(true);
  });
});

describe('the refusal check itself', () => {
  it('fails when the outbox the run was given holds a message, and passes once it holds none', () => {
    const w = workspace();
    const refused = { code: 2, stdout: '', stderr: 'error: audience.csv:2: a broken row (fix it)' };
    mkdirSync(path.join(w.outbox, 'campaign'), { recursive: true });
    writeFileSync(path.join(w.outbox, 'campaign', '00001-a@example.org.eml'), 'To: a@example.org\r\n\r\nHello');
    expect(() => expectRefused(refused, /audience\.csv:2/, { outbox: w.outbox })).toThrow(/00001-a@example\.org\.eml/);
    rmSync(path.join(w.outbox, 'campaign'), { recursive: true });
    expectRefused(refused, /audience\.csv:2/, { outbox: w.outbox });
  });
});

describe('the command environment', () => {
  it('DISPATCH_PREFLIGHT_TOOLS given to sendCampaign is honoured, not only the process environment (fix)', async () => {
    const before = process.env.DISPATCH_PREFLIGHT_TOOLS;
    delete process.env.DISPATCH_PREFLIGHT_TOOLS;
    try {
      const w = workspace(1);
      const started = Date.now();
      const result = await sendInProcess({ issueFile: ISSUE, audienceFile: w.audience, dbPath: w.db, outboxDir: w.outbox }, { DISPATCH_PREFLIGHT_TOOLS: 'none' });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/not checked: accessibility \(axe-core in Chromium\): skipped/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      if (before !== undefined) process.env.DISPATCH_PREFLIGHT_TOOLS = before;
    }
  });
});
