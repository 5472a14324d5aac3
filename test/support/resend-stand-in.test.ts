import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Resend } from 'resend';
import { loadResendSpec, startResendStandIn, type StandIn, type StandInOptions } from './resend-stand-in/index.ts';
import { waitFor } from './wait-for.ts';

const spec = loadResendSpec();

let standIn: StandIn;
let resend: Resend;

async function start(options: StandInOptions = {}): Promise<void> {
  standIn = await startResendStandIn(options);
  resend = new Resend(standIn.apiKey, { baseUrl: standIn.url });
}

beforeEach(async () => {
  await start();
});

afterEach(async () => {
  await standIn.close();
});

function anEmail(n: number, overrides: Record<string, unknown> = {}) {
  return {
    from: 'Dispatch <news@dispatch.example>',
    to: [`reader${n}@example.org`],
    subject: `Issue ${n}`,
    html: `<p>Hello reader ${n}</p>`,
    text: `Hello reader ${n}`,
    tags: [{ name: 'issue', value: '2024-09-23' }],
    ...overrides,
  };
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${standIn.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${standIn.apiKey}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as any };
}

/** The answer matches the response schema the spec gives the operation. */
function expectSpecShape(method: string, path: string, body: unknown): void {
  const validate = spec.responseValidator(method, path);
  expect(validate, `${method} ${path} has a response schema`).toBeDefined();
  expect(validate!(body), JSON.stringify(validate!.errors)).toBe(true);
}

describe('sending emails', () => {
  it('accepts a batch through the SDK and records every email', async () => {
    const result = await resend.batch.send([anEmail(1), anEmail(2, { cc: 'Editor <Editor@Example.org>' }), anEmail(3)], {
      idempotencyKey: 'issue-42/batch-0',
    });

    expect(result.error).toBeNull();
    expectSpecShape('post', '/emails/batch', result.data);
    const ids = result.data!.data.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(3);
    expect(standIn.emails.map((email) => email.id)).toEqual(ids);
    expect(standIn.emails[1]).toMatchObject({
      from: 'Dispatch <news@dispatch.example>',
      to: ['reader2@example.org'],
      cc: ['Editor <Editor@Example.org>'],
      subject: 'Issue 2',
      html: '<p>Hello reader 2</p>',
      text: 'Hello reader 2',
      tags: [{ name: 'issue', value: '2024-09-23' }],
      idempotencyKey: 'issue-42/batch-0',
      via: 'batch',
    });
    expect(standIn.emails[0]!.receivedAt).toBeGreaterThan(0);
    expect(standIn.deliveriesTo('editor@example.org')).toHaveLength(1);
    expect(standIn.countByRecipient().get('reader3@example.org')).toBe(1);
    const request = standIn.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', path: '/emails/batch', status: 200, idempotencyKey: 'issue-42/batch-0' });
    expect(request.headers.authorization).toBe('[redacted]');
    expect(request.headers['x-batch-validation']).toBe('strict');
  });

  it('sends one email and reads it back with GET /emails/{id}', async () => {
    const sent = await resend.emails.send({ ...anEmail(7), scheduledAt: '2030-01-01T09:00:00Z' });
    expect(sent.error).toBeNull();
    expectSpecShape('post', '/emails', sent.data);

    const fetched = await resend.emails.get(sent.data!.id);
    expect(fetched.error).toBeNull();
    expectSpecShape('get', '/emails/{email_id}', fetched.data);
    expect(fetched.data).toMatchObject({ object: 'email', id: sent.data!.id, to: ['reader7@example.org'], subject: 'Issue 7', last_event: 'scheduled' });
    expect(standIn.emails[0]!.scheduled_at).toBe('2030-01-01T09:00:00Z');

    const missing = await resend.emails.get('00000000-0000-0000-0000-000000000000');
    expect(missing.error).toMatchObject({ statusCode: 404, name: 'not_found' });
  });

  it('keeps no html or text when recordBodies is false', async () => {
    await standIn.close();
    await start({ recordBodies: false });
    await resend.batch.send([anEmail(1)]);
    expect(standIn.emails[0]).toMatchObject({ subject: 'Issue 1', to: ['reader1@example.org'] });
    expect(standIn.emails[0]!.html).toBeUndefined();
    expect(standIn.emails[0]!.text).toBeUndefined();
  });

  it('in permissive mode sends the valid emails and lists the others by index', async () => {
    const { from: _from, ...noSender } = anEmail(2);
    const result = await resend.batch.send([anEmail(1), noSender as never, anEmail(3)], { batchValidation: 'permissive' });
    expect(result.error).toBeNull();
    expect(result.data!.data).toHaveLength(2);
    expect(result.data!.errors).toEqual([{ index: 1, message: expect.stringContaining('`from`') }]);
    expect(standIn.emails.map((email) => email.subject)).toEqual(['Issue 1', 'Issue 3']);
  });
});

describe('authentication', () => {
  it('answers 401 missing_api_key without an Authorization header', async () => {
    const response = await fetch(`${standIn.url}/emails/batch`, { method: 'POST', body: JSON.stringify([anEmail(1)]) });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ statusCode: 401, name: 'missing_api_key', message: expect.any(String) });
  });

  it('answers 403 invalid_api_key for another key, through the SDK', async () => {
    const stranger = new Resend('re_not_the_key', { baseUrl: standIn.url });
    const result = await stranger.batch.send([anEmail(1)]);
    expect(result.data).toBeNull();
    expect(result.error).toMatchObject({ statusCode: 403, name: 'invalid_api_key' });
    expect(standIn.emails).toHaveLength(0);
  });

  it('accepts the key given as an option', async () => {
    await standIn.close();
    await start({ apiKey: 're_custom' });
    expect(standIn.apiKey).toBe('re_custom');
    expect((await resend.emails.send(anEmail(1))).error).toBeNull();
  });
});

describe('validation against the spec', () => {
  it('refuses a batch of 101 emails with 422 and records nothing', async () => {
    const emails = Array.from({ length: 101 }, (_, n) => anEmail(n));
    const result = await resend.batch.send(emails);
    expect(result.error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(result.error!.message).toContain('100');
    expect(standIn.emails).toHaveLength(0);
  });

  it('accepts exactly 100 emails', async () => {
    const result = await resend.batch.send(Array.from({ length: 100 }, (_, n) => anEmail(n)));
    expect(result.error).toBeNull();
    expect(standIn.emails).toHaveLength(100);
  });

  it('refuses more than 50 addresses in `to`', async () => {
    const to = Array.from({ length: 51 }, (_, n) => `r${n}@example.org`);
    const { status, json } = await call('POST', '/emails/batch', [anEmail(1, { to })]);
    expect(status).toBe(422);
    expect(json).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(json.message).toContain('`[0].to`');
  });

  it('names the missing field: `from` on one email, `[2].from` in a batch', async () => {
    const { from: _from, ...noSender } = anEmail(1);
    const single = await call('POST', '/emails', noSender);
    expect(single.status).toBe(422);
    expect(single.json).toEqual({ statusCode: 422, name: 'validation_error', message: 'Missing `from` field.' });

    const batch = await call('POST', '/emails/batch', [anEmail(1), anEmail(2), noSender]);
    expect(batch.status).toBe(422);
    expect(batch.json.message).toBe('Missing `[2].from` field.');
    expect(standIn.emails).toHaveLength(0);
  });

  it('refuses wrong types, malformed addresses, bad tags, attachments in batches and bad JSON', async () => {
    expect((await call('POST', '/emails', anEmail(1, { subject: 42 }))).json.message).toContain('`subject`');
    expect((await call('POST', '/emails', anEmail(1, { to: 'not-an-address' }))).json.message).toContain('`to`');
    expect((await call('POST', '/emails', anEmail(1, { tags: [{ name: 'has space' }] }))).json.message).toContain('`tags[0].name`');
    const attachment = { filename: 'a.txt', content: 'aGk=' };
    expect((await call('POST', '/emails', anEmail(1, { attachments: [attachment] }))).status).toBe(200);
    expect((await call('POST', '/emails/batch', [anEmail(1, { attachments: [attachment] })])).json.message).toContain('`[0].attachments`');
    const broken = await fetch(`${standIn.url}/emails`, { method: 'POST', headers: { authorization: `Bearer ${standIn.apiKey}` }, body: '{"from":' });
    expect(broken.status).toBe(422);
    expect(await call('POST', '/emails/batch', anEmail(1))).toMatchObject({ status: 422 });
    expect(standIn.emails).toHaveLength(1);
  });

  it('answers 413 for a body over the size limit', async () => {
    await standIn.close();
    await start({ maxBodyBytes: 1_000 });
    const result = await resend.batch.send(Array.from({ length: 20 }, (_, n) => anEmail(n)));
    expect(result.error).toMatchObject({ statusCode: 413 });
    expect(standIn.emails).toHaveLength(0);
  });

  it('answers 404 for unknown endpoints and 405 for unknown methods, as JSON', async () => {
    expect(await call('GET', '/nowhere')).toMatchObject({ status: 404, json: { name: 'not_found' } });
    expect(await call('PUT', '/emails')).toMatchObject({ status: 405, json: { name: 'method_not_allowed' } });
  });
});

describe('idempotency keys', () => {
  it('replays the stored answer for the same key and body, recording nothing new', async () => {
    const emails = [anEmail(1), anEmail(2)];
    const first = await resend.batch.send(emails, { idempotencyKey: 'send-1' });
    const again = await resend.batch.send(emails, { idempotencyKey: 'send-1' });
    expect(again.error).toBeNull();
    expect(again.data).toEqual(first.data);
    expect(standIn.emails).toHaveLength(2);
    expect(standIn.requests.at(-1)).toMatchObject({ replayed: true, status: 200 });
  });

  it('answers 409 invalid_idempotent_request for the same key with another body', async () => {
    await resend.batch.send([anEmail(1)], { idempotencyKey: 'send-2' });
    const other = await resend.batch.send([anEmail(9)], { idempotencyKey: 'send-2' });
    expect(other.error).toMatchObject({ statusCode: 409, name: 'invalid_idempotent_request' });
    expect(standIn.emails).toHaveLength(1);
  });

  it('answers 409 concurrent_idempotent_requests while the first request is in flight', async () => {
    standIn.failNext(1, 'hold');
    const held = resend.batch.send([anEmail(1)], { idempotencyKey: 'send-3' });
    await waitFor(() => standIn.emails.length === 1, 'the held request to be processed');
    const concurrent = await resend.batch.send([anEmail(1)], { idempotencyKey: 'send-3' });
    expect(concurrent.error).toMatchObject({ statusCode: 409, name: 'concurrent_idempotent_requests' });
    expect(standIn.releaseHeldAnswers()).toBe(1);
    const first = await held;
    expect(first.error).toBeNull();
    const replay = await resend.batch.send([anEmail(1)], { idempotencyKey: 'send-3' });
    expect(replay.data).toEqual(first.data);
    expect(standIn.emails).toHaveLength(1);
  });

  it('releases the key after a failed request, and refuses keys longer than 256 characters', async () => {
    const { from: _from, ...noSender } = anEmail(1);
    expect((await call('POST', '/emails', noSender, { 'idempotency-key': 'k' })).status).toBe(422);
    expect((await call('POST', '/emails', anEmail(1), { 'idempotency-key': 'k' })).status).toBe(200);
    const tooLong = await call('POST', '/emails', anEmail(1), { 'idempotency-key': 'x'.repeat(257) });
    expect(tooLong).toMatchObject({ status: 400, json: { name: 'invalid_idempotency_key' } });
    expect((await call('POST', '/emails', anEmail(2), { 'idempotency-key': 'x'.repeat(256) })).status).toBe(200);
  });
});

describe('rate limit', () => {
  it('answers 429 rate_limit_exceeded with the four headers, and lets the request through after retry-after', async () => {
    standIn.setRateLimit(2);
    // Sent together so that all three land in the same second even on a busy machine.
    const results = await Promise.all([1, 2, 3].map((n) => resend.emails.send(anEmail(n))));
    const accepted = results.filter((result) => result.error === null);
    const limited = results.find((result) => result.error !== null)!;

    expect(accepted).toHaveLength(2);
    for (const result of accepted) {
      expect(result.headers).toMatchObject({ 'ratelimit-limit': '2', 'ratelimit-reset': '1' });
      expect(['0', '1']).toContain(result.headers!['ratelimit-remaining']);
    }
    expect(limited.error).toMatchObject({ statusCode: 429, name: 'rate_limit_exceeded', message: expect.any(String) });
    expect(limited.headers).toMatchObject({ 'ratelimit-limit': '2', 'ratelimit-remaining': '0' });
    const retryAfter = Number(limited.headers!['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers!['ratelimit-reset'])).toBeGreaterThanOrEqual(1);
    expect(standIn.emails).toHaveLength(2);

    await sleep(retryAfter * 1000);
    expect((await resend.emails.send(anEmail(3))).error).toBeNull();
    standIn.setRateLimit(null);
    const unlimited = await resend.emails.send(anEmail(4));
    expect(unlimited.headers!['ratelimit-limit']).toBeUndefined();
  });
});

describe('faults', () => {
  it('500 and 503: answered at once, nothing processed', async () => {
    standIn.failNext(1, 500);
    standIn.failNext(1, '503');
    const first = await resend.batch.send([anEmail(1)], { idempotencyKey: 'f-1' });
    const second = await resend.batch.send([anEmail(1)], { idempotencyKey: 'f-1' });
    expect(first.error).toMatchObject({ statusCode: 500, name: 'internal_server_error' });
    expect(second.error).toMatchObject({ statusCode: 503, name: 'service_unavailable' });
    expect(standIn.emails).toHaveLength(0);
    const third = await resend.batch.send([anEmail(1)], { idempotencyKey: 'f-1' });
    expect(third.error).toBeNull();
    expect(standIn.emails).toHaveLength(1);
    expect(standIn.requests.map((request) => request.fault)).toEqual([500, 503, undefined]);
  });

  it('drop: the connection closes without an answer and nothing is processed', async () => {
    standIn.failNext(1, 'drop');
    const dropped = await resend.batch.send([anEmail(1)]);
    expect(dropped.error).toMatchObject({ statusCode: null });
    expect(standIn.emails).toHaveLength(0);
    expect(standIn.requests[0]).toMatchObject({ status: null, fault: 'drop' });
  });

  it('lost: the batch is recorded but the client never sees the answer; a retry with the key gets the same ids', async () => {
    standIn.failNext(1, 'lost');
    const lost = await resend.batch.send([anEmail(1), anEmail(2)], { idempotencyKey: 'f-lost' });
    expect(lost.error).toMatchObject({ statusCode: null });
    expect(standIn.emails).toHaveLength(2);
    expect(standIn.requests[0]).toMatchObject({ status: null, fault: 'lost' });

    const retry = await resend.batch.send([anEmail(1), anEmail(2)], { idempotencyKey: 'f-lost' });
    expect(retry.error).toBeNull();
    expect(retry.data!.data.map((entry) => entry.id)).toEqual(standIn.emails.map((email) => email.id));
    expect(standIn.emails).toHaveLength(2);
  });

  it('slow: processed at once, answered after slowMs; a client that gives up earlier sees no answer', async () => {
    await standIn.close();
    await start({ slowMs: 400 });
    standIn.failNext(2, 'slow');

    const started = Date.now();
    const patient = await resend.emails.send(anEmail(1));
    expect(patient.error).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);

    // The client gives up once the stand-in has processed its request (a fixed timeout could fire before it arrives).
    const giveUp = new AbortController();
    const impatientSend = resend.batch.send([anEmail(2)], { idempotencyKey: 'f-slow', signal: giveUp.signal });
    await waitFor(() => standIn.emails.length === 2, 'the impatient request to be processed');
    giveUp.abort();
    const impatient = await impatientSend;
    expect(impatient.error).toMatchObject({ statusCode: null });
    expect(standIn.requests[1]).toMatchObject({ fault: 'slow' });
    // Once the held answer has gone out (to nobody), the key replays it.
    await waitFor(() => standIn.requests[1]!.answeredAt !== null, 'the slow answer to go out');
    const retry = await resend.batch.send([anEmail(2)], { idempotencyKey: 'f-slow' });
    expect(retry.data!.data[0]!.id).toBe(standIn.emails[1]!.id);
    expect(standIn.emails).toHaveLength(2);
  });

  it('hold: processed at once, answered only when the test releases it; never a random fault', async () => {
    standIn.failNext(1, 'hold');
    let answered = false;
    const held = resend.batch.send([anEmail(1)], { idempotencyKey: 'f-hold' }).finally(() => (answered = true));
    await waitFor(() => standIn.emails.length === 1, 'the held request to be processed');
    expect(standIn.requests[0]).toMatchObject({ fault: 'hold', status: null, answeredAt: null });
    expect(answered).toBe(false);
    expect(standIn.releaseHeldAnswers()).toBe(1);
    expect((await held).data!.data[0]!.id).toBe(standIn.emails[0]!.id);
    expect(standIn.requests[0]).toMatchObject({ fault: 'hold', status: 200 });
    expect(standIn.releaseHeldAnswers()).toBe(0);
    expect(() => standIn.setFaults({ rate: 0.5, kinds: ['hold'] })).toThrow(/failNext/);
  });

  it('random faults follow the seed: the same seed fails the same requests', async () => {
    async function statuses(): Promise<number[]> {
      standIn.reset();
      standIn.setFaults({ rate: 0.3, kinds: ['500', 503], seed: 7 });
      const seen: number[] = [];
      for (let n = 0; n < 40; n += 1) seen.push((await call('GET', `/emails/unknown-${n}`)).status);
      return seen;
    }
    const first = await statuses();
    const second = await statuses();
    expect(second).toEqual(first);
    const failures = first.filter((status) => status >= 500).length;
    expect(failures).toBeGreaterThan(3);
    expect(failures).toBeLessThan(25);
    expect(first.filter((status) => status !== 404 && status !== 500 && status !== 503)).toEqual([]);

    standIn.setFaults(null);
    expect((await call('GET', '/emails/unknown')).status).toBe(404);
  });

  it('a permanent error answers every request until cleared', async () => {
    standIn.setPermanentError(422);
    expect((await resend.emails.send(anEmail(1))).error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    standIn.setPermanentError(403);
    expect((await resend.batch.send([anEmail(1)])).error).toMatchObject({ statusCode: 403 });
    standIn.setPermanentError(401);
    expect((await resend.segments.list()).error).toMatchObject({ statusCode: 401 });
    standIn.setPermanentError(null);
    expect((await resend.emails.send(anEmail(1))).error).toBeNull();
    expect(standIn.emails).toHaveLength(1);
  });
});

describe('segments, contacts and imports', () => {
  it('manages segments and contacts with answers shaped like the spec', async () => {
    const segment = await resend.segments.create({ name: 'Members' });
    expect(segment.error).toBeNull();
    expectSpecShape('post', '/segments', segment.data);
    const segmentId = segment.data!.id;
    expectSpecShape('get', '/segments/{id}', (await resend.segments.get(segmentId)).data);
    expectSpecShape('get', '/segments', (await resend.segments.list()).data);

    const ann = await resend.contacts.create({ email: 'Ann@Example.org', firstName: 'Ann', segments: [{ id: segmentId }] });
    expect(ann.error).toBeNull();
    expectSpecShape('post', '/contacts', ann.data);
    const duplicate = await resend.contacts.create({ email: 'ann@example.org' });
    expect(duplicate.error).toMatchObject({ statusCode: 422 });

    const byEmail = await resend.contacts.get({ email: 'ann@example.org' });
    expectSpecShape('get', '/contacts/{id}', byEmail.data);
    expect(byEmail.data).toMatchObject({ id: ann.data!.id, first_name: 'Ann', unsubscribed: false });

    const updated = await resend.contacts.update({ id: ann.data!.id, lastName: 'Lee', unsubscribed: true });
    expectSpecShape('patch', '/contacts/{id}', updated.data);
    expect(standIn.contacts.get(ann.data!.id)).toMatchObject({ last_name: 'Lee', unsubscribed: true });

    const listed = await resend.contacts.list({ segmentId });
    expect(listed.error).toBeNull();
    expectSpecShape('get', '/contacts', listed.data);
    expect(listed.data!.data.map((contact) => contact.email)).toEqual(['ann@example.org']);

    const bob = await resend.contacts.create({ email: 'bob@example.org' });
    const added = await resend.contacts.segments.add({ contactId: bob.data!.id, segmentId });
    expectSpecShape('post', '/contacts/{contact_id}/segments/{segment_id}', added.data);
    const bobsSegments = await resend.contacts.segments.list({ contactId: bob.data!.id });
    expectSpecShape('get', '/contacts/{contact_id}/segments', bobsSegments.data);
    expect(bobsSegments.data!.data.map((entry) => entry.id)).toEqual([segmentId]);
    const page = await resend.contacts.list({ limit: 1 });
    expect(page.data).toMatchObject({ has_more: true, data: [{ email: 'bob@example.org' }] });

    const removed = await resend.contacts.remove(bob.data!.id);
    expectSpecShape('delete', '/contacts/{id}', removed.data);
    expect(standIn.contacts.size).toBe(1);
    const gone = await resend.segments.remove(segmentId);
    expectSpecShape('delete', '/segments/{id}', gone.data);
    expect((await resend.contacts.create({ email: 'cy@example.org', segments: [{ id: segmentId }] })).error).toMatchObject({
      statusCode: 404,
    });
  });

  it('keeps the deprecated audiences endpoints working on the same store', async () => {
    const created = await call('POST', '/audiences', { name: 'Old list' });
    expect(created.status).toBe(201);
    expectSpecShape('post', '/audiences', created.json);
    expectSpecShape('get', '/audiences', (await call('GET', '/audiences')).json);
    expect(standIn.segments.get(created.json.id)).toMatchObject({ name: 'Old list' });
  });

  it('imports contacts from a CSV through the SDK', async () => {
    const segmentId = (await resend.segments.create({ name: 'Imported' })).data!.id;
    await resend.contacts.create({ email: 'ann@example.org', firstName: 'Ann' });
    const csv = 'Email,First Name,Plan\nann@example.org,Annie,pro\nbo@example.org,Bo,free\nnot an address,X,free\n';
    const created = await resend.contacts.imports.create({
      file: new Blob([csv], { type: 'text/csv' }),
      columnMap: { email: 'Email', firstName: 'First Name', properties: { plan: { column: 'Plan', type: 'string' } } as never },
      segments: [{ id: segmentId }],
    });
    expect(created.error).toBeNull();
    expectSpecShape('post', '/contacts/imports', created.data);

    const fetched = await resend.contacts.imports.get(created.data!.id);
    expectSpecShape('get', '/contacts/imports/{id}', fetched.data);
    expect(fetched.data).toMatchObject({ status: 'completed', counts: { total: 3, created: 1, skipped: 1, failed: 1, updated: 0 } });
    expectSpecShape('get', '/contacts/imports', (await resend.contacts.imports.list()).data);

    const members = await resend.contacts.list({ segmentId });
    expect(members.data!.data.map((contact) => contact.email)).toEqual(['bo@example.org']);
    expect(standIn.state.findContact('bo@example.org')).toMatchObject({ first_name: 'Bo', properties: { plan: 'free' } });
    expect(standIn.state.findContact('ann@example.org')!.first_name).toBe('Ann');
  });
});

describe('broadcasts', () => {
  async function audience() {
    const segmentId = (await resend.segments.create({ name: 'Newsletter' })).data!.id;
    for (const [email, firstName, unsubscribed] of [
      ['ann@example.org', 'Ann', false],
      ['bo@example.org', undefined, false],
      ['cy@example.org', 'Cy', true],
    ] as const) {
      await resend.contacts.create({ email, firstName, unsubscribed, segments: [{ id: segmentId }] });
    }
    return segmentId;
  }

  it('creates a draft, sends it to the subscribed contacts of its segment, and reports it like the spec', async () => {
    const segmentId = await audience();
    const created = await resend.broadcasts.create({
      segmentId,
      name: 'Issue 42',
      from: 'Dispatch <news@dispatch.example>',
      subject: 'Issue 42 for {{{FIRST_NAME|friend}}}',
      html: '<p>Hi {{{FIRST_NAME|there}}}</p><a href="{{{RESEND_UNSUBSCRIBE_URL}}}">Unsubscribe</a>',
    });
    expect(created.error).toBeNull();
    expectSpecShape('post', '/broadcasts', created.data);
    const id = created.data!.id;

    const draft = await resend.broadcasts.get(id);
    expectSpecShape('get', '/broadcasts/{id}', draft.data);
    expect(draft.data).toMatchObject({ status: 'draft', segment_id: segmentId });
    expectSpecShape('patch', '/broadcasts/{id}', (await resend.broadcasts.update(id, { previewText: 'This week' })).data);

    const sent = await resend.broadcasts.send(id);
    expect(sent.error).toBeNull();
    expectSpecShape('post', '/broadcasts/{id}/send', sent.data);
    const delivered = standIn.emails.filter((email) => email.broadcastId === id);
    expect(delivered.map((email) => email.to[0]).sort()).toEqual(['ann@example.org', 'bo@example.org']);
    const toAnn = standIn.deliveriesTo('ann@example.org')[0]!;
    expect(toAnn.subject).toBe('Issue 42 for Ann');
    expect(toAnn.html).toContain('<p>Hi Ann</p>');
    expect(toAnn.html).toContain(`${standIn.url}/unsubscribe/${id}/`);
    expect(standIn.deliveriesTo('bo@example.org')[0]!.html).toContain('<p>Hi there</p>');

    const after = await resend.broadcasts.get(id);
    expect(after.data).toMatchObject({ status: 'sent', sent_at: expect.any(String) });
    expect((await resend.broadcasts.send(id)).error).toMatchObject({ statusCode: 422 });
    const list = await resend.broadcasts.list();
    expectSpecShape('get', '/broadcasts', list.data);
    expect(list.data!.data).toHaveLength(1);
  });

  it('schedules with scheduled_at and delivers when the test says so; removes drafts', async () => {
    const segmentId = await audience();
    const scheduled = await resend.broadcasts.create({
      segmentId,
      from: 'news@dispatch.example',
      subject: 'Later',
      text: 'Hello {{{FIRST_NAME|there}}}',
      send: true,
      scheduledAt: 'in 1 hour',
    });
    expect(scheduled.error).toBeNull();
    expect(standIn.broadcasts.get(scheduled.data!.id)!.status).toBe('scheduled');
    expect(standIn.emails).toHaveLength(0);
    expect(standIn.deliverScheduledBroadcasts()).toBe(1);
    expect(standIn.emails.map((email) => email.text).sort()).toEqual(['Hello Ann', 'Hello there']);

    const draft = await resend.broadcasts.create({ segmentId, from: 'news@dispatch.example', subject: 'Draft', html: '<p>Soon</p>' });
    const removed = await resend.broadcasts.remove(draft.data!.id);
    expectSpecShape('delete', '/broadcasts/{id}', removed.data);
  });

  it('accepts the deprecated audience_id instead of segment_id, and names segment_id when both are missing', async () => {
    const segmentId = (await resend.segments.create({ name: 'Legacy' })).data!.id;
    const legacy = await call('POST', '/broadcasts', { audience_id: segmentId, from: 'news@dispatch.example', subject: 'Old style' });
    expect(legacy.status).toBe(201);
    const neither = await call('POST', '/broadcasts', { from: 'news@dispatch.example', subject: 'No audience' });
    expect(neither).toMatchObject({ status: 422, json: { name: 'validation_error', message: 'Missing `segment_id` field.' } });
  });
});

describe('command line', () => {
  it('prints its URL and serves until stopped', async () => {
    const cli = fileURLToPath(new URL('./resend-stand-in/cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--rate', '10'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const [firstChunk] = (await once(child.stdout!, 'data')) as [Buffer];
      const url = firstChunk.toString().split('\n')[0]!;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/emails`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(401);
      expect(response.headers.get('ratelimit-limit')).toBe('10');
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  }, 20_000);
});
