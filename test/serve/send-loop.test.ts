/**
 * The whole loop with the real commands: `npm run send` writes the outbox,
 * the reader one-clicks the List-Unsubscribe link of their delivered .eml,
 * Resend reports a hard bounce and a complaint, and the next `npm run send`
 * (same database) skips all three addresses.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../../src/serve/server.ts';
import { signSvix } from '../support/svix-signature.ts';
import { openDb, type Db } from '../../src/store/db.ts';
import { runScript } from '../support/run-script.ts';
import { UNSUBSCRIBE_SECRET, WEBHOOK_SECRET } from '../support/serve.ts';

const ISSUE = 'content/issues/2024-09-23-podcast-advocacy-updates.yaml';
const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-loop-'));
const dbPath = path.join(dir, 'dispatch.db');
const outbox = path.join(dir, 'outbox');
const env = { UNSUBSCRIBE_SECRET, RESEND_API_KEY: '' };
let db: Db;
let serve: RunningServe;

beforeAll(async () => {
  db = openDb(dbPath);
  serve = await startServe({ db, unsubscribeSecret: UNSUBSCRIBE_SECRET, webhookSecret: WEBHOOK_SECRET, listName: 'CMPAC Newsletter' });
});
afterAll(async () => {
  await serve.close();
  db.close();
});

const send = (campaign: string) => runScript('send', [ISSUE, '--audience', 'content/audiences/sample.csv', '--db', dbPath, '--outbox', outbox, '--campaign', campaign, '--yes'], env);
const delivered = (campaign: string) => readdirSync(path.join(outbox, campaign)).map((name) => name.replace(/^\d+-|\.eml$/g, ''));

async function webhook(id: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${serve.url}/webhooks/resend`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': signSvix(WEBHOOK_SECRET, id, timestamp, body) },
  });
  expect(response.status).toBe(200);
}

describe('unsubscribe, bounce and complaint keep addresses out of later sends', () => {
  it('npm run send skips them on the next campaign', async () => {
    const first = send('issue-1');
    expect(first.status, first.stderr).toBe(0);
    expect(delivered('issue-1')).toHaveLength(5);

    // One-click from the List-Unsubscribe header of Yusuf's delivered message.
    const file = readdirSync(path.join(outbox, 'issue-1')).find((name) => name.includes('yusuf.ali@example.org'))!;
    const parsed = await simpleParser(readFileSync(path.join(outbox, 'issue-1', file)));
    const header = parsed.headerLines.find((line) => line.key === 'list-unsubscribe')!.line.replace(/\r?\n\s+/g, ' ');
    const target = new URL(/<(https:[^>]+)>/.exec(header)![1]!);
    const response = await fetch(`${serve.url}/unsubscribe${target.search}`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    expect(response.status).toBe(200);

    const data = { email_id: 'e1', created_at: new Date().toISOString(), from: 'n@example.org', subject: 's' };
    await webhook('msg_bounce', { type: 'email.bounced', created_at: data.created_at, data: { ...data, to: ['omar.haddad@example.net'], bounce: { type: 'Permanent', subType: 'NoEmail', message: 'x', diagnosticCode: [] } } });
    await webhook('msg_complaint', { type: 'email.complained', created_at: data.created_at, data: { ...data, to: ['sarah.tremblay@example.com'] } });

    const second = send('issue-2');
    expect(second.status, second.stderr).toBe(0);
    expect(delivered('issue-2').sort()).toEqual(['amina.rahman@example.org', 'fatima@example.org']);
    expect(second.stdout + second.stderr).toMatch(/3 (rows )?skipped|skipped.*3/);
  });
});
