/**
 * Another process (a send, an export, sqlite3) holds the record's write lock:
 * serve keeps answering, and an unsubscribe or a suppressing webhook is answered
 * 200 only once it is durably queued; it reaches the record when the lock frees,
 * or when serve next starts if serve was stopped first.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { signSvix } from '../support/svix-signature.ts';
import { signUnsubscribeToken } from '../../src/personalise/unsubscribe-token.ts';
import { createSuppressionWriter } from '../../src/serve/pending.ts';
import { openDb } from '../../src/store/db.ts';
import { findSuppression } from '../../src/suppressions/suppressions.ts';
import { dispatchArgv } from '../support/run-script.ts';
import { UNSUBSCRIBE_SECRET, WEBHOOK_SECRET, useServeProcesses } from '../support/serve.ts';

const start = useServeProcesses();
const ENV = { UNSUBSCRIBE_SECRET, RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET };

/** A process holding BEGIN IMMEDIATE on the record until told to release, or for at most `maxMs`. */
function holdLock(db: string, maxMs: number) {
  const code = `const db = new (require('better-sqlite3'))(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
console.log('locked');
let done = false;
const release = () => { if (done) return; done = true; db.exec('COMMIT'); db.close(); console.log('released'); process.exit(0); };
setTimeout(release, Number(process.argv[2]));
process.stdin.on('data', release);`;
  const child = spawn(process.execPath, ['-e', code, db, String(maxMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const said = (word: string) => new Promise<void>((resolve) => createInterface({ input: child.stdout }).on('line', (line) => line === word && resolve()));
  return { locked: said('locked'), released: said('released'), release: () => child.stdin.write('release\n') };
}

const oneClick = (url: URL, address: string) =>
  fetch(`${url.origin}/unsubscribe?token=${encodeURIComponent(signUnsubscribeToken(address, UNSUBSCRIBE_SECRET))}`, {
    method: 'POST',
    body: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

function complaint(url: URL, address: string) {
  const body = JSON.stringify({ type: 'email.complained', created_at: new Date().toISOString(), data: { email_id: 'e-1', to: [address] } });
  const id = `msg_${address}`;
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`${url.origin}/webhooks/resend`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': signSvix(WEBHOOK_SECRET, id, timestamp, body) } });
}

function suppressionOf(db: string, address: string) {
  const record = openDb(db);
  try {
    return findSuppression(record, address);
  } finally {
    record.close();
  }
}

describe('a record locked by another process', () => {
  it('healthz, one-click and webhooks answer while the lock is held; the writes reach the record when it frees, or at the next start', async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-serve-locked-')), 'dispatch.db');
    const [command, args] = dispatchArgv('serve', ['--port', '0', '--db', db]);
    const serve = await start(command, args, ENV);

    // The holder lets go by itself after 8 s (shorter than SQLite's old 10 s busy wait), so a server that waits on the lock answers after it.
    const holder = holdLock(db, 8_000);
    await holder.locked;
    let released = false;
    void holder.released.then(() => (released = true));
    const answeredWhileLocked = (response: Response) => ({ status: response.status, whileLocked: !released });
    const unsubscribed = oneClick(serve.url, 'locked-out@example.org').then(answeredWhileLocked);
    const complained = complaint(serve.url, 'complainer@example.org').then(answeredWhileLocked);
    const health = fetch(`${serve.url.origin}/healthz`).then(answeredWhileLocked);
    expect(await health).toEqual({ status: 200, whileLocked: true });
    expect(await unsubscribed).toEqual({ status: 200, whileLocked: true });
    expect(await complained).toEqual({ status: 200, whileLocked: true });
    expect(suppressionOf(db, 'locked-out@example.org')).toBeNull();
    // The queue holds addresses: readable by the owner only, like the record.
    expect(statSync(`${db}.pending`).mode & 0o777).toBe(0o600);

    holder.release();
    await holder.released;
    await serve.stderrLine(/queued: 2 written to the record/);
    expect(suppressionOf(db, 'locked-out@example.org')).toMatchObject({ reason: 'unsubscribed', source: 'one-click' });
    expect(suppressionOf(db, 'complainer@example.org')).toMatchObject({ reason: 'complained' });

    // Stopped while the record is still locked: the queued unsubscribe waits for the next start.
    const second = holdLock(db, 30_000);
    await second.locked;
    expect((await oneClick(serve.url, 'before-restart@example.org')).status).toBe(200);
    serve.child.kill('SIGTERM');
    expect(await serve.closed).toEqual({ code: 0, signal: null });
    expect(serve.stderr()).toMatch(/queued: 1 not yet written/);
    second.release();
    await second.released;
    expect(suppressionOf(db, 'before-restart@example.org')).toBeNull();

    const restarted = await start(command, args, ENV);
    await restarted.stderrLine(/queued: 1 written to the record/);
    expect(suppressionOf(db, 'before-restart@example.org')).toMatchObject({ reason: 'unsubscribed' });
    restarted.child.kill('SIGTERM');
    expect(await restarted.closed).toEqual({ code: 0, signal: null });
  });

  it('a queue torn by a crash mid-append is replayed at start without the torn entry (it was never answered 200)', async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-serve-torn-')), 'dispatch.db');
    const entry = (address: string) => JSON.stringify({ kind: 'unsubscribe', entry: { address, reason: 'unsubscribed', source: 'one-click', time: '2026-01-01T00:00:00.000Z' } });
    writeFileSync(`${db}.pending`, `\n${entry('kept@example.org')}\n\n${entry('torn@example.org').slice(0, 30)}\n${entry('after@example.org')}\n`, { mode: 0o600 });
    const record = openDb(db);
    const logs: string[] = [];
    const writer = createSuppressionWriter(record, (line) => logs.push(line));
    await writer.close();
    expect(findSuppression(record, 'kept@example.org')).toMatchObject({ source: 'one-click' });
    expect(findSuppression(record, 'after@example.org')).toMatchObject({ source: 'one-click' });
    expect(findSuppression(record, 'torn@example.org')).toBeNull();
    expect(existsSync(`${db}.pending`)).toBe(false);
    expect(logs).toContain('queued: 2 written to the record');
    record.close();
  });
});
