/** A running `serve` on a throwaway database, for tests that speak HTTP to it. */
import { mkdtempSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
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
  const clock = { now: Date.now() };
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
