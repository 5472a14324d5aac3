/**
 * Stopping `serve` as a process manager does: SIGTERM to `npm run serve` (npm
 * passes it to its child, which must be the server itself: a shell or the tsx
 * launcher in between used to swallow it) or to the program as the other tests
 * run it (tsx, which relays it). The server stops accepting, finishes the
 * request in flight, closes the record and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { signUnsubscribeToken } from '../../src/personalise/unsubscribe-token.ts';
import { openDb } from '../../src/store/db.ts';
import { findSuppression } from '../../src/suppressions/suppressions.ts';
import { dispatchArgv } from '../support/run-script.ts';
import { UNSUBSCRIBE_SECRET } from './helpers.ts';

type Started = { child: ChildProcess; url: URL; stderr: () => string; stderrLine: (pattern: RegExp) => Promise<string>; closed: Promise<{ code: number | null; signal: string | null }> };

const groups: number[] = [];
// A server left running by a failed test would hold its port: end the test's own process group.
afterEach(() => {
  for (const pgid of groups.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Starts a serve process in a process group of its own; resolves once it printed its URL. */
async function start(command: string, args: readonly string[]): Promise<Started> {
  const child = spawn(command, args, { env: { ...process.env, UNSUBSCRIBE_SECRET, RESEND_WEBHOOK_SECRET: '' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  groups.push(child.pid!);
  let stderr = '';
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderr += `${line}\n`;
    for (const wait of waiting.filter((w) => w.pattern.test(line))) {
      waiting.splice(waiting.indexOf(wait), 1);
      wait.resolve(line);
    }
  });
  // 'close' fires once every process holding the pipes (npm's children included) has gone.
  const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => /^http:\/\//.test(line) && resolve(line));
    void closed.then(({ code }) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, url: new URL(url), stderr: () => stderr, stderrLine: (pattern) => new Promise((resolve) => waiting.push({ pattern, resolve })), closed };
}

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
