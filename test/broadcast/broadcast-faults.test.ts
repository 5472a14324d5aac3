/**
 * Broadcast mode through the real commands, as the send is tested: `dispatch
 * broadcast` end to end with the real preflight gate (its external tools
 * narrowed to none), and `dispatch audience sync` and `dispatch broadcast`
 * under the stand-in's injected faults (429 with retry-after, 500, 503, a
 * dropped connection, a slow answer, an answer lost after Resend acted), Resend
 * failing for good (exit 1, then a re-run that resumes), and a kill while
 * Resend holds the answer to the create or the send. After each: every
 * segment, contact and broadcast exists once at the stand-in, the broadcast was
 * sent once, every subscriber got one copy, and the record says so.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Resend } from 'resend';
import { describe, expect, it } from 'vitest';
import { broadcastContent } from '../../src/broadcast/broadcast.ts';
import { syncAudience } from '../../src/broadcast/sync.ts';
import { loadIssue } from '../../src/content/load.ts';
import { openDb } from '../../src/store/db.ts';
import type { FaultTarget } from '../support/resend-stand-in/index.ts';
import { waitFor } from '../support/wait-for.ts';
import { SAMPLE_ISSUE as ISSUE } from '../support/content.ts';
import { startCommand, type Finished } from '../support/run-script.ts';
import { workspace, type Workspace } from '../support/workspace.ts';
import { expectExactlyOnce } from '../support/exactly-once.ts';
import { useStandInSuite } from '../support/stand-in-suite.ts';

// Quick backoff, as the send's fault suite has: the retries are what is tested, not their pacing.
const suite = useStandInSuite({ env: { DISPATCH_RETRY_BASE_MS: '20', DISPATCH_RETRY_MAX_MS: '200' } });
const { env } = suite;
const CAMPAIGN = path.basename(ISSUE, '.yaml');
const BRAND = 'content/brand.yaml';
const SUBSCRIBERS = 3;

const CREATE_SEGMENT: FaultTarget = { method: 'POST', path: '/segments' };
const IMPORT: FaultTarget = { method: 'POST', path: '/contacts/imports' };
const CREATE: FaultTarget = { method: 'POST', path: '/broadcasts' };
const SEND: FaultTarget = { method: 'POST', path: '/broadcasts/{id}/send' };

const requestsTo = (method: string, pattern: RegExp) => suite.standIn.requests.filter((r) => r.method === method && pattern.test(r.path));
const createRequests = () => requestsTo('POST', /^\/broadcasts$/);
const sendRequests = () => requestsTo('POST', /^\/broadcasts\/[^/]+\/send$/);

const sync = (w: Workspace, ...args: string[]) => startCommand(['audience', 'sync'], [w.audience, '--segment', 'newsletter', '--db', w.db, ...args], env());
const broadcast = (w: Workspace, ...args: string[]) =>
  startCommand(['broadcast'], [ISSUE, '--segment', 'newsletter', '--db', w.db, '--brand', BRAND, '--preflight-tools', 'none', ...args], env());

/** A workspace whose segment holds `rows` subscribers, synced in-process without faults (the sync is not what these tests are about). */
async function synced(rows = SUBSCRIBERS): Promise<Workspace> {
  const w = workspace(rows, { prefix: 'dispatch-broadcast-faults-' });
  const db = openDb(w.db);
  try {
    await syncAudience({ db, resend: new Resend(suite.standIn.apiKey, { baseUrl: suite.standIn.url }), file: w.audience, segment: 'newsletter', pollMs: 1 });
  } finally {
    db.close();
  }
  suite.standIn.requests.length = 0;
  return w;
}

/** The record's broadcast row for the campaign, read on a connection of its own. */
function recorded(w: Workspace): { state: string; broadcast_id: string | null } | undefined {
  const db = new Database(w.db, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT state, broadcast_id FROM broadcasts WHERE campaign = ?').get(CAMPAIGN) as { state: string; broadcast_id: string | null } | undefined;
  } finally {
    db.close();
  }
}

/** One segment, one broadcast, sent, and every subscriber exactly one copy of it; the record holds that broadcast as sent. */
function expectSentOnce(w: Workspace, rows = SUBSCRIBERS): string {
  const { standIn } = suite;
  expect([...standIn.segments.values()].map((s) => s.name)).toEqual(['newsletter']);
  expect(standIn.broadcasts.size).toBe(1);
  const [only] = [...standIn.broadcasts.values()];
  expect(only!.status).toBe('sent');
  expectExactlyOnce(standIn, rows);
  expect(standIn.emails.every((email) => email.broadcastId === only!.id)).toBe(true);
  expect(recorded(w)).toEqual({ state: 'sent', broadcast_id: only!.id });
  return only!.id;
}

const outcome = (run: Finished) => `exit ${run.code}\n${run.stdout}\n${run.stderr}`;

describe('dispatch broadcast end to end, with the real preflight', () => {
  it('a synced segment, then one run: exit 0, the rendered issue created once as a broadcast and sent once; a second run does nothing', async () => {
    const w = workspace(SUBSCRIBERS, { prefix: 'dispatch-broadcast-e2e-' });
    const synced = await sync(w).done;
    expect(synced.code, outcome(synced)).toBe(0);
    expect(synced.stdout).toMatch(/3 rows: 3 created, 0 updated, 0 unchanged/);

    const run = await broadcast(w, '--send').done;
    expect(run.code, outcome(run)).toBe(0);
    const id = expectSentOnce(w);
    expect(run.stdout).toContain(`Broadcast ${id} (campaign ${CAMPAIGN}): sent; this run: sent`);
    expect(run.stderr).toContain(`broadcast ${id} created as a draft`);
    expect(createRequests().map((r) => r.status! >= 200 && r.status! < 300)).toEqual([true]);
    expect(sendRequests().map((r) => [r.path, r.status])).toEqual([[`/broadcasts/${id}/send`, 200]]);

    // What Resend holds is the issue as rendered for a broadcast: the user's subject, HTML, text and preview.
    const expected = await broadcastContent(loadIssue(ISSUE, { brandPath: BRAND }), CAMPAIGN);
    const stored = suite.standIn.broadcasts.get(id)!;
    expect(stored).toMatchObject({ name: CAMPAIGN, from: expected.from, subject: expected.subject, preview_text: expected.previewText, html: expected.html, text: expected.text });
    expect(stored.subject).toBe('Watch New Podcast Episode & Advocacy Updates!');
    // Every subscriber got that HTML with Resend's tags filled in.
    const first = suite.standIn.deliveriesTo('user0@example.org')[0]!;
    expect(first.subject).toBe(stored.subject);
    expect(first.html).toContain('Salaam User 0');
    expect(first.html).not.toContain('{{{');

    const again = await broadcast(w, '--send').done;
    expect(again.code, outcome(again)).toBe(0);
    expect(again.stdout).toContain(`Broadcast ${id} (campaign ${CAMPAIGN}): sent; this run: nothing (already done)`);
    expect(createRequests()).toHaveLength(1);
    expect(sendRequests()).toHaveLength(1);
    expectSentOnce(w);
  }, 120_000);

  it('preflight finding an error refuses (exit 2) before anything reaches Resend', async () => {
    const w = workspace(0, { prefix: 'dispatch-broadcast-e2e-' });
    const long = readFileSync(ISSUE, 'utf8').replace(/^subject: .*$/m, `subject: ${'A subject far longer than any phone shows in full '.repeat(2).trim()}`);
    const issue = path.join(w.dir, '2024-09-23-long-subject.yaml');
    writeFileSync(issue, long);
    const run = await startCommand(['broadcast'], [issue, '--segment', 'newsletter', '--db', w.db, '--brand', BRAND, '--preflight-tools', 'none', '--send'], env()).done;
    expect(run.code, outcome(run)).toBe(2);
    expect(run.stderr).toMatch(/preflight found 1 error; nothing was sent/);
    expect(run.stderr).toMatch(/subject is \d+ characters/);
    expect(suite.standIn.requests).toEqual([]);
  }, 120_000);
});

describe('audience sync under faults', () => {
  it('every kind of fault, seeded, on a quarter of the requests: exit 0, one segment, every contact once and in it', async () => {
    const rows = 40;
    const w = workspace(rows, { prefix: 'dispatch-sync-faults-' });
    // Seed 23 draws each of the six kinds within the sync's first 24 requests, never more than two failures in a row.
    suite.standIn.setFaults({ rate: 0.25, kinds: [429, 500, 503, 'drop', 'slow', 'lost'], seed: 23, slowMs: 200 });
    const run = await sync(w, '--chunk', '4').done;
    expect(run.code, outcome(run)).toBe(0);
    const kinds = new Set(suite.standIn.requests.filter((r) => r.fault !== undefined).map((r) => String(r.fault)));
    expect([...kinds].sort()).toEqual(['429', '500', '503', 'drop', 'lost', 'slow']);
    expectContactsOnce(rows);
    // An import whose answer was lost went again; upsert made it the same contacts (counted as updated the second time).
    expect(run.stdout).toMatch(new RegExp(`${rows} rows: \\d+ created, \\d+ updated, 0 unchanged, 0 unsubscribed, 0 rejected, 0 duplicates`));
    const [, created, updated] = /(\d+) created, (\d+) updated/.exec(run.stdout)!;
    expect(Number(created) + Number(updated)).toBe(rows);

    suite.standIn.setFaults(null);
    const again = await sync(w, '--chunk', '4').done;
    expect(again.code, outcome(again)).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`0 created, 0 updated, ${rows} unchanged`));
    expectContactsOnce(rows);
  }, 120_000);

  it('429, 500, a dropped connection and a lost answer to the segment create, a slow list: one segment', async () => {
    const w = workspace(5, { prefix: 'dispatch-sync-faults-' });
    suite.standIn.setFaults({ rate: 0, slowMs: 200 });
    suite.standIn.failNext(1, 'slow', { method: 'GET', path: '/segments' });
    for (const kind of [429, 500, 'drop', 'lost'] as const) suite.standIn.failNext(1, kind, CREATE_SEGMENT);
    const run = await sync(w).done;
    expect(run.code, outcome(run)).toBe(0);
    // The lost answer's segment was found in the list, not created again.
    expect(requestsTo('POST', /^\/segments$/).map((r) => r.fault)).toEqual([429, 500, 'drop', 'lost']);
    expect(run.stderr).toMatch(/^segment "newsletter" created \(/m);
    expectContactsOnce(5);
  }, 120_000);

  it('Resend failing for good part way: exit 1 and what to do; the re-run imports the rest, each contact once', async () => {
    const rows = 30;
    const w = workspace(rows, { prefix: 'dispatch-sync-faults-' });
    suite.standIn.setRateLimit(4);
    const running = sync(w, '--chunk', '5');
    await waitFor(() => requestsTo('POST', /^\/contacts\/imports$/).filter((r) => r.status === 201 || r.status === 200).length >= 2, 'two chunks imported', { unless: running.done });
    suite.standIn.failNext(100, 503, IMPORT);
    const stopped = await running.done;
    expect(suite.standIn.dropQueuedFaults()).toBeGreaterThan(0);
    expect(stopped.code, outcome(stopped)).toBe(1);
    expect(stopped.stderr).toMatch(/importing contacts: Resend refused \(503 service_unavailable\)/);
    expect(stopped.stderr).toMatch(/run the command again to resume/);
    const before = suite.standIn.contacts.size;
    expect(before).toBeGreaterThanOrEqual(10);
    expect(before).toBeLessThan(rows);

    suite.standIn.setRateLimit(null);
    const resumed = await sync(w, '--chunk', '5').done;
    expect(resumed.code, outcome(resumed)).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`${rows - before} created, 0 updated, ${before} unchanged`));
    expectContactsOnce(rows);
  }, 120_000);
});

function expectContactsOnce(rows: number): void {
  const { standIn } = suite;
  const segments = [...standIn.segments.values()];
  expect(segments.map((s) => s.name)).toEqual(['newsletter']);
  const contacts = [...standIn.contacts.values()];
  expect(contacts).toHaveLength(rows);
  expect(new Set(contacts.map((c) => c.email)).size).toBe(rows);
  expect(contacts.filter((c) => !c.segmentIds.has(segments[0]!.id))).toEqual([]);
}

describe('dispatch broadcast under faults', () => {
  it('429, 5xx, dropped connections, lost and slow answers to the create, the send and the checks: exit 0, one broadcast, sent once', async () => {
    const w = await synced();
    suite.standIn.setFaults({ rate: 0, slowMs: 200 });
    for (const kind of [429, 503, 'drop', 'lost'] as const) suite.standIn.failNext(1, kind, CREATE);
    suite.standIn.failNext(1, 'slow', { method: 'GET', path: '/broadcasts' });
    for (const kind of [500, 'drop', 'lost'] as const) suite.standIn.failNext(1, kind, SEND);
    for (const kind of [429, 'slow'] as const) suite.standIn.failNext(1, kind, { method: 'GET', path: '/broadcasts/{id}' });
    const run = await broadcast(w, '--send').done;
    expect(run.code, outcome(run)).toBe(0);
    // Each failed request went again until one was lost after Resend acted; that one was found, not repeated.
    expect(createRequests().map((r) => r.fault)).toEqual([429, 503, 'drop', 'lost']);
    expect(sendRequests().map((r) => r.fault)).toEqual([500, 'drop', 'lost']);
    const id = expectSentOnce(w);
    expect(run.stdout).toContain(`Broadcast ${id} (campaign ${CAMPAIGN}): sent; this run: sent`);
  }, 120_000);

  it.each([
    ['the create', CREATE, 'creating the broadcast', 'creating'],
    ['the send', SEND, 'sending the broadcast', 'sending'],
  ] as const)('Resend failing for good at %s: exit 1 and what to do; the re-run sends one broadcast once', async (_, target, what, state) => {
    const w = await synced();
    // More 503s than any number of attempts; what the run leaves unused is dropped before the re-run.
    suite.standIn.failNext(100, 503, target);
    const stopped = await broadcast(w, '--send').done;
    expect(suite.standIn.dropQueuedFaults()).toBeGreaterThan(0);
    expect(stopped.code, outcome(stopped)).toBe(1);
    expect(stopped.stderr).toContain(`${what}: Resend refused (503 service_unavailable)`);
    expect(stopped.stderr).toMatch(/run the command again to resume/);
    expect(suite.standIn.emails).toEqual([]);
    expect(recorded(w)?.state).toBe(state);

    const resumed = await broadcast(w, '--send').done;
    expect(resumed.code, outcome(resumed)).toBe(0);
    expectSentOnce(w);
  }, 120_000);

  it.each([
    ['the create', CREATE, 'creating', { method: 'GET', path: '/broadcasts' }],
    ['the send', SEND, 'sending', { method: 'GET', path: '/broadcasts/{id}' }],
  ] as const)('killed while Resend holds its answer to %s: the re-run neither creates nor sends a second broadcast', async (_, target, state, check) => {
    const w = await synced();
    suite.standIn.failNext(1, 'hold', target);
    const running = broadcast(w, '--send');
    // Resend has acted (the broadcast created, or sent), and holds the answer.
    const acted = target === CREATE ? () => suite.standIn.broadcasts.size === 1 : () => suite.standIn.emails.length === SUBSCRIBERS;
    await waitFor(() => suite.standIn.requests.some((r) => r.fault === 'hold') && acted(), 'Resend to act and hold its answer', { unless: running.done });
    const killed = await running.kill();
    expect(killed.signal).toBe('SIGKILL');
    expect(suite.standIn.releaseHeldAnswers()).toBe(1);
    expect(recorded(w)?.state).toBe(state);

    // The re-run asks Resend what happened; that answer is lost once too.
    suite.standIn.failNext(1, 'lost', check);
    const resumed = await broadcast(w, '--send').done;
    expect(resumed.code, outcome(resumed)).toBe(0);
    expect(createRequests()).toHaveLength(1);
    expect(sendRequests()).toHaveLength(1);
    expect(requestsTo('GET', /^\/broadcasts/).filter((r) => r.fault === 'lost')).toHaveLength(1);
    expectSentOnce(w);
  }, 120_000);
});
