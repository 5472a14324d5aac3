/**
 * Secrets and subscriber data: the API key, UNSUBSCRIBE_SECRET and
 * RESEND_WEBHOOK_SECRET never appear in any artifact (output, report, record
 * bytes, outbox, site, error messages, even when an API echoes the key back),
 * whichever command runs; unsubscribe tokens refuse tampering and compare in
 * constant time; the record and the outbox are created owner-only, even
 * under a permissive umask.
 */
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A spy around the real timingSafeEqual, to see how verification compares.
const timing = vi.hoisted(() => ({ calls: [] as Array<[number, number]> }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      timing.calls.push([a.byteLength, b.byteLength]);
      return actual.timingSafeEqual(a, b);
    },
  };
});

import { signUnsubscribeToken, verifyUnsubscribeToken } from '../../src/personalise/unsubscribe-token.ts';
import { useStandInSuite } from '../support/stand-in-suite.ts';
import { COMMANDS } from '../../src/cli/dispatch.ts';
import { SAMPLE_ISSUE as ISSUE } from '../support/content.ts';
import { API_KEY, recordDir, recordText, scanForSecrets, UNSUBSCRIBE_SECRET, WEBHOOK_SECRET } from '../support/secret-scan.ts';
import { runSend, startCommand, type Finished } from '../support/run-script.ts';
import { workspace } from '../support/workspace.ts';

const suite = useStandInSuite();
const { env } = suite;

/** An API that refuses every batch with a message quoting the Authorization header it got. */
async function echoingApi(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 422, name: 'validation_error', message: `you sent ${req.headers.authorization} and ${req.headers['idempotency-key']}` }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, server };
}

function modes(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (d: string) => {
    out.push([d, (statSync(d).mode & 0o777).toString(8)]);
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push([full, (statSync(full).mode & 0o777).toString(8)]);
    }
  };
  walk(dir);
  return out;
}

describe('the API key and UNSUBSCRIBE_SECRET never leak', () => {
  it('through a send with retries (--verbose), a resumed run, a dry run, a test send, an outbox rehearsal and an API that echoes the key', async () => {
    const w = workspace(450);
    const args = [ISSUE, '--audience', w.audience, '--db', w.db, '--outbox', w.outbox];
    suite.standIn.failNext(1, 500);
    suite.standIn.failNext(1, 'drop');
    suite.standIn.failNext(1, 'lost');
    const sent = await runSend([...args, '--verbose', '--campaign', 'leaks'], env());
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stderr).toMatch(/attempt 1 failed/);
    expect((await runSend([...args, '--campaign', 'leaks'], env())).code).toBe(0);
    expect((await runSend([...args, '--campaign', 'leaks', '--dry-run'], env())).code).toBe(0);
    expect((await runSend([...args, '--test-to', 'checker@example.net'], env())).code).toBe(0);
    expect((await runSend([...args, '--campaign', 'rehearsal'], { UNSUBSCRIBE_SECRET })).code).toBe(0);
    expect(readdirSync(path.join(w.outbox, 'rehearsal'))).toHaveLength(450);

    const echo = await echoingApi();
    try {
      const refused = await runSend([...args, '--campaign', 'echoed', '--verbose'], env({ RESEND_BASE_URL: echo.url }));
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/422 validation_error: you sent Bearer \[redacted\]/);
    } finally {
      echo.server.close();
    }
    // What the API received (bodies of every accepted email) carries neither secret either.
    recordText('emails received by the stand-in', JSON.stringify(suite.standIn.emails));
    recordText('requests received by the stand-in', JSON.stringify(suite.standIn.requests));

    const scan = scanForSecrets();
    expect(scan.leaks).toEqual([]);
    expect(scan.filesScanned).toBeGreaterThan(450); // the record, its WAL, reports and every .eml
    expect(scan.textsScanned).toBeGreaterThanOrEqual(14);
  });
});

describe('every command, with every secret set and an API that echoes the key', () => {
  // One folder as a user has it: dispatch init's content/, then every command run in it.
  let dir: string;
  let echo: { url: string; server: Server };
  const secrets = () => ({ RESEND_API_KEY: API_KEY, UNSUBSCRIBE_SECRET, RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET, RESEND_BASE_URL: echo.url, DISPATCH_RETRY_BASE_MS: '10' });
  const run = (words: string[], args: string[]) => startCommand(words, [...args, '--verbose'], secrets(), { cwd: dir }).done;
  const ISSUE_HERE = 'content/issues/2024-09-23-podcast-advocacy-updates.yaml';

  beforeAll(async () => {
    echo = await echoingApi();
    dir = mkdtempSync(path.join(tmpdir(), 'dispatch-secrets-'));
    recordDir(dir);
    const init = await run(['init'], []);
    expect(init.code, init.stderr).toBe(0);
  });
  afterAll(() => echo.server.close());

  /** What each command must do under the threat; the scan afterwards looks for the secrets in everything. */
  const cases: Array<[string, string[], string[], (result: Finished) => void]> = [
    ['init', ['init'], ['again'], (r) => expect(r.code, r.stderr).toBe(0)],
    ['render', ['render'], [ISSUE_HERE, '--out', 'out'], (r) => expect(r.code, r.stderr).toBe(0)],
    ['check', ['check'], [ISSUE_HERE, '--json'], (r) => expect(JSON.parse(r.stdout)).toHaveProperty('verdict')],
    ['send', ['send'], [ISSUE_HERE, '--audience', 'content/audiences/sample.csv', '--yes'], (r) => expectEchoRefused(r, 2)],
    // The refused send left its campaign planned in the record: consistent, so nothing printed.
    ['record check', ['record', 'check'], ['2024-09-23-podcast-advocacy-updates'], (r) => expect([r.code, r.stdout], r.stderr).toEqual([0, ''])],
    ['archive', ['archive'], ['--out', 'site'], (r) => expect(r.code, r.stderr).toBe(0)],
    ['suppressions', ['suppressions'], ['export', '--out', 'suppressions.csv'], (r) => expect(r.code, r.stderr).toBe(0)],
    ['subscribers', ['subscribers'], ['export', '--out', 'consent.csv'], (r) => expect(r.code, r.stderr).toBe(0)],
    ['audience sync', ['audience', 'sync'], ['content/audiences/sample.csv', '--segment', 'newsletter'], (r) => expectEchoRefused(r, 1)],
    ['broadcast', ['broadcast'], [ISSUE_HERE, '--segment', 'newsletter', '--preflight-tools', 'none'], (r) => expectEchoRefused(r, 1)],
    // The refused send's campaign has no events yet: a report of zeros, written as a page too.
    ['report', ['report'], ['2024-09-23-podcast-advocacy-updates', '--html', 'report.html'], (r) => expect(r.code, r.stderr).toBe(0)],
    ['results prune', ['results', 'prune'], [], (r) => expect(r.code, r.stderr).toBe(0)],
  ];

  /** The API's refusal is shown (it says what went wrong), with the key it quoted redacted. */
  function expectEchoRefused(result: Finished, code: number): void {
    expect(result.stderr).toMatch(/you sent Bearer \[redacted\]/);
    expect(result.code, result.stderr).toBe(code);
  }

  it('covers every command the program has', () => {
    expect([...cases.map(([name]) => name), 'serve'].sort()).toEqual(COMMANDS.map((command) => command.name).sort());
  });

  it.each(cases)('%s', async (_name, words, args, expectations) => {
    expectations(await run(words, args));
  });

  it('serve, answering a forged webhook and a forged unsubscribe token, then stopped', async () => {
    const serving = startCommand(['serve'], ['--port', '0', '--verbose'], secrets(), { cwd: dir });
    try {
      let firstLine = '';
      while (!firstLine.includes('\n')) {
        const [chunk] = (await Promise.race([once(serving.child.stdout!, 'data'), serving.done.then(() => [''])])) as [Buffer | string];
        if (chunk === '') throw new Error(`serve stopped: ${serving.output()}`);
        firstLine += chunk.toString();
      }
      const url = firstLine.split('\n')[0]!.trim();
      const forged = await fetch(`${url}/webhooks/resend`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'svix-id': 'msg_1', 'svix-timestamp': String(Math.floor(Date.now() / 1000)), 'svix-signature': 'v1,AAAA' },
        body: JSON.stringify({ type: 'email.complained', data: { to: ['a@example.org'] } }),
      });
      expect(forged.status).toBe(401);
      recordText('serve: answer to a forged webhook', await forged.text());
      const token = await fetch(`${url}/unsubscribe?token=forged.token`, { method: 'POST' });
      expect(token.status).toBeGreaterThanOrEqual(400);
      recordText('serve: answer to a forged token', await token.text());
    } finally {
      process.kill(-serving.child.pid!, 'SIGTERM');
    }
    const stopped = await serving.done;
    expect(stopped.stderr).toMatch(/webhook refused/);
  });

  it('leaves no secret in any output, nor in any file under the folder (content, out, site, the record, the export)', () => {
    const scan = scanForSecrets();
    expect(scan.leaks).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(expect.arrayContaining(['.dispatch', 'again', 'content', 'out', 'site', 'suppressions.csv']));
  });
});

describe('unsubscribe tokens', () => {
  const address = 'amina.rahman@example.org';
  const token = signUnsubscribeToken(address, UNSUBSCRIBE_SECRET);
  const [payload, mac] = token.split('.') as [string, string];
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  const other = signUnsubscribeToken('someone.else@example.org', UNSUBSCRIBE_SECRET);

  it('verify for the address they were signed for', () => {
    expect(verifyUnsubscribeToken(token, UNSUBSCRIBE_SECRET)).toBe(address);
  });

  const bad: Array<[string, string]> = [
    ['a flipped character in the signature', `${payload}.${flip(mac, 5)}`],
    ['a flipped last character of the signature', `${payload}.${flip(mac, mac.length - 1)}`],
    ['a flipped character in the address', `${flip(payload, 2)}.${mac}`],
    ['the signature truncated by one character', token.slice(0, -1)],
    ['the signature truncated to half', `${payload}.${mac.slice(0, mac.length / 2)}`],
    ['the signature removed', `${payload}.`],
    ['the address removed', `.${mac}`],
    ['only the address', payload],
    ['another address with this signature', `${other.split('.')[0]}.${mac}`],
    ['this address with another address’s signature', `${payload}.${other.split('.')[1]}`],
    ['the address in capitals re-encoded (fix: verified before)', `${Buffer.from(address.toUpperCase()).toString('base64url')}.${mac}`],
    ['signed with another secret', signUnsubscribeToken(address, 'another-secret-entirely')],
    ['an extra part', `${token}.x`],
    ['padding added', `${payload}=.${mac}`],
    ['empty', ''],
  ];
  it.each(bad)('refuse %s', (_name, forged) => {
    expect(verifyUnsubscribeToken(forged, UNSUBSCRIBE_SECRET)).toBeNull();
  });

  it('refuse everything when the secret is empty', () => {
    expect(verifyUnsubscribeToken(token, '')).toBeNull();
  });

  it('compare signatures with timingSafeEqual on equal-length buffers, never with ===', () => {
    timing.calls.length = 0;
    expect(verifyUnsubscribeToken(`${payload}.${flip(mac, 0)}`, UNSUBSCRIBE_SECRET)).toBeNull();
    expect(verifyUnsubscribeToken(token, UNSUBSCRIBE_SECRET)).toBe(address);
    expect(timing.calls).toEqual([
      [32, 32],
      [32, 32],
    ]);
    // A signature of another length is refused on its length alone (which is not secret), without comparing bytes.
    timing.calls.length = 0;
    expect(verifyUnsubscribeToken(`${payload}.${mac.slice(0, 10)}`, UNSUBSCRIBE_SECRET)).toBeNull();
    expect(timing.calls).toEqual([]);
    // And no string or buffer equality on the signature anywhere in the module.
    const source = readFileSync('src/personalise/unsubscribe-token.ts', 'utf8');
    expect(source).not.toMatch(/\b(given|expected)\s*[!=]==|[!=]==\s*(given|expected)(?![\w.])|\.equals\(|\.compare\(/);
    // The serve service verifies through the same function.
    expect(readFileSync('src/serve/server.ts', 'utf8')).toMatch(/verifyUnsubscribeToken\(token, options\.unsubscribeSecret\)/);
  });
});

describe('subscriber data is owner-only', () => {
  it('the record folder and files, the report, the outbox folders and every .eml, even with umask 000', async () => {
    const w = workspace(120);
    const viaResend = await runSend([ISSUE, '--audience', w.audience, '--db', w.db, '--campaign', 'private'], env(), { umask: '000' });
    expect(viaResend.code, viaResend.stderr).toBe(0);
    const outboxRoot = path.join(w.dir, 'deep', 'outbox');
    const viaOutbox = await runSend([ISSUE, '--audience', w.audience, '--db', w.db, '--outbox', outboxRoot, '--campaign', 'private'], { UNSUBSCRIBE_SECRET }, { umask: '000' });
    expect(viaOutbox.code, viaOutbox.stderr).toBe(0);

    const record = modes(path.dirname(w.db));
    expect(record.length).toBeGreaterThanOrEqual(3);
    for (const [file, mode] of record) expect([file, mode]).toEqual([file, file === path.dirname(w.db) ? '700' : '600']);
    const outbox = modes(outboxRoot);
    expect(outbox.filter(([f]) => f.endsWith('.eml'))).toHaveLength(120);
    for (const [file, mode] of outbox) expect([file, mode]).toEqual([file, file.endsWith('.eml') ? '600' : '700']);
  });
});
