/**
 * Stopping `serve` as a process manager does: SIGTERM to `npm run serve` (npm
 * passes it to its child, which must be the server itself: a shell or the tsx
 * launcher in between used to swallow it) or to the program as the other tests
 * run it (tsx, which relays it). The server stops accepting, finishes the
 * request in flight, closes the record and exits 0.
 */
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signUnsubscribeToken } from '../../src/personalise/unsubscribe-token.ts';
import { openDb } from '../../src/store/db.ts';
import { findSuppression } from '../../src/suppressions/suppressions.ts';
import { dispatchArgv } from '../support/run-script.ts';
import { UNSUBSCRIBE_SECRET, useServeProcesses } from '../support/serve.ts';

const start = useServeProcesses();

/** A one-click POST whose body is held back: resolves once the server has taken the request (its `100 Continue`). */
async function inFlightUnsubscribe(url: URL, address: string) {
  const token = encodeURIComponent(signUnsubscribeToken(address, UNSUBSCRIBE_SECRET));
  const body = 'List-Unsubscribe=One-Click';
  const socket = connect(Number(url.port), url.hostname);
  let answer = '';
  const answered = new Promise<string>((resolve, reject) => {
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
  await new Promise<void>((resolve) => {
    socket.once('data', () => resolve());
    socket.write(`POST /unsubscribe?token=${token} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`);
  });
  expect(answer).toMatch(/^HTTP\/1\.1 100 Continue/);
  return { finish: () => (socket.write(body), answered) };
}

const refused = (url: URL) =>
  new Promise<string>((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.on('connect', () => (socket.destroy(), resolve('accepted')));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });

const tempDb = () => path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-serve-stop-')), 'dispatch.db');

describe('stopping serve', () => {
  const ways: Record<string, (db: string) => [string, string[]]> = {
    'npm run serve': (db) => ['npm', ['run', 'serve', '--', '--port', '0', '--db', db]],
    'the program (tsx src/cli/dispatch.ts serve)': (db) => dispatchArgv('serve', ['--port', '0', '--db', db]),
  };

  it.each(Object.keys(ways))('SIGTERM to %s: stops accepting, finishes the request in flight, closes the record, exits 0', async (way) => {
    const db = tempDb();
    const [command, args] = ways[way]!(db);
    const serve = await start(command, args);
    const request = await inFlightUnsubscribe(serve.url, 'leaving@example.org');
    serve.child.kill('SIGTERM');
    await serve.stderrLine(/SIGTERM: stopping/);
    expect(await refused(serve.url)).toBe('ECONNREFUSED');
    expect(await request.finish()).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    const closed = await serve.closed;
    expect(closed).toEqual({ code: 0, signal: null });
    expect(serve.stderr()).toMatch(/stopped\n$/);
    const record = openDb(db);
    expect(findSuppression(record, 'leaving@example.org')).toMatchObject({ reason: 'unsubscribed' });
    record.close();
  });
});
