/** A running `serve` on a throwaway database, for tests that speak HTTP to it. */
import { mkdtempSync } from 'node:fs';
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
