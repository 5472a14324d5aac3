/** A running `serve` on a throwaway database, for tests that speak HTTP to it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServe, type RunningServe } from '../../src/serve/server.ts';
import { openDb, type Db } from '../../src/store/db.ts';

export const UNSUBSCRIBE_SECRET = 'test-unsubscribe-secret-0123456789';
/** A Svix-style secret: `whsec_` and base64 of random bytes. */
export const WEBHOOK_SECRET = `whsec_${Buffer.from('a test webhook signing key, 32b!').toString('base64')}`;

export type TestServe = RunningServe & { db: Db; dbPath: string; clock: { now: number }; logs: string[] };

export async function startTestServe(): Promise<TestServe> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-serve-'));
  const dbPath = path.join(dir, 'dispatch.db');
  const db = openDb(dbPath);
  // The system clock unless a test sets `clock.now`: the signature library checks timestamps against the system clock too.
  let fixed: number | undefined;
  const clock = {
    get now(): number {
      return fixed ?? Date.now();
    },
    set now(value: number) {
      fixed = value;
    },
  };
  const logs: string[] = [];
  const running = await startServe({
    db,
    unsubscribeSecret: UNSUBSCRIBE_SECRET,
    webhookSecret: WEBHOOK_SECRET,
    listName: 'CMPAC Newsletter',
    now: () => clock.now,
    log: (line) => logs.push(line),
  });
  return { ...running, db, dbPath, clock, logs };
}

export type ServeSuite = Readonly<{
  /** The file's server (available inside tests and hooks). */
  readonly serve: TestServe;
  /** Rows in the suppression list now. */
  suppressionCount: () => number;
}>;

/** One server for a test file: started before its first test, closed (with its database) after its last. */
export function useTestServe(): ServeSuite {
  let started: TestServe | undefined;
  beforeAll(async () => {
    started = await startTestServe();
  });
  afterAll(async () => {
    await started?.close();
    started?.db.close();
  });
  const suite: ServeSuite = {
    get serve(): TestServe {
      if (!started) throw new Error('the server starts in beforeAll: use it inside tests and hooks');
      return started;
    },
    suppressionCount: () => (suite.serve.db.prepare('SELECT count(*) AS n FROM suppressions').get() as { n: number }).n,
  };
  return suite;
}

export type ServeProcess = Readonly<{
  child: ChildProcess;
  url: URL;
  /** Everything it wrote to stderr so far. */
  stderr: () => string;
  /** The first stderr line matching, already written or still to come. */
  stderrLine: (pattern: RegExp) => Promise<string>;
  /** Once every process holding its pipes (npm's children included) has gone. */
  closed: Promise<{ code: number | null; signal: string | null }>;
}>;

/**
 * `start(command, args, env)` runs a serve process (by default with
 * UNSUBSCRIBE_SECRET only) in a process group of its own and resolves once it
 * printed its URL. After each test, whatever a failed test left running is killed.
 */
export function useServeProcesses(): (command: string, args: readonly string[], env?: NodeJS.ProcessEnv) => Promise<ServeProcess> {
  const groups: number[] = [];
  afterEach(() => {
    for (const pgid of groups.splice(0)) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  return async (command, args, env = { UNSUBSCRIBE_SECRET, RESEND_WEBHOOK_SECRET: '' }) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    groups.push(child.pid!);
    const lines: string[] = [];
    const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
    createInterface({ input: child.stderr! }).on('line', (line) => {
      lines.push(line);
      for (const wait of waiting.filter((w) => w.pattern.test(line))) {
        waiting.splice(waiting.indexOf(wait), 1);
        wait.resolve(line);
      }
    });
    const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => /^http:\/\//.test(line) && resolve(line));
      void closed.then(({ code }) => reject(new Error(`serve exited with ${code}: ${lines.join('\n')}`)));
    });
    return {
      child,
      url: new URL(url),
      stderr: () => lines.map((line) => `${line}\n`).join(''),
      stderrLine: (pattern) => {
        const seen = lines.find((line) => pattern.test(line));
        return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ pattern, resolve }));
      },
      closed,
    };
  };
}
