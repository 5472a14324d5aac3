import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startResendStandIn, type StandIn } from '../support/resend-stand-in/index.ts';
import { Resend } from 'resend';
import { createResendTransport, type ResendTransportOptions } from '../../src/deliver/resend-batch.ts';
import type { OutgoingBatch, RetryInfo } from '../../src/deliver/transport.ts';
import { createMessageEncoder } from '../../src/personalise/message-encoder.ts';
import type { MessagePlan } from '../../src/personalise/personalise.ts';
import { compiledTestMessage, sdkPayload } from '../support/messages.ts';

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startResendStandIn();
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

const message = compiledTestMessage({
  from: 'CMPAC Newsletter <news@example.org>',
  replyTo: 'info@example.org',
  subject: 'Hello {{email}}',
  html: '<p>Hello {{email}}</p>',
  text: 'Hello {{email}}',
  campaignId: 'c1',
  issueSlug: 'i1',
});
const encoder = createMessageEncoder(message);
const plan = (to: string): MessagePlan => ({
  ...message.plan({ email: to, fields: {} }),
  headers: { 'List-Unsubscribe': '<https://example.org/u?t=1>, <mailto:u@example.org?subject=unsubscribe>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
});

let keySeq = 0;
function batch(count: number, prefix = 'r', extra: Partial<OutgoingBatch> = {}): OutgoingBatch {
  const messages = Array.from({ length: count }, (_, i) => plan(`${prefix}${i}@example.org`));
  return { idempotencyKey: `test-key-${++keySeq}`, messages, ids: messages.map((_, i) => i + 1), encoder, ...extra };
}

/** The batch's emails as the SDK's `batch.send` takes them. */
const sdkEmails = (b: OutgoingBatch) => sdkPayload(b.messages.map(b.encoder.email), b.scheduledAt);
/** A body written by hand: the SDK's fields, JSON.stringify'd. */
const rawBody = (b: OutgoingBatch) =>
  Buffer.from(JSON.stringify(sdkEmails(b).map((e) => ({ from: e.from, headers: e.headers, html: e.html, reply_to: e.replyTo, subject: e.subject, tags: e.tags, text: e.text, to: e.to }))));
/** The batch with its body written by `body` (and taken back by `releaseBody`). */
const withBody = (b: OutgoingBatch, body: () => Uint8Array, releaseBody?: (body: Uint8Array) => void): OutgoingBatch => ({
  ...b,
  encoder: { ...b.encoder, batchBody: body, ...(releaseBody ? { releaseBody } : {}) },
});

const transport = (options: Partial<ResendTransportOptions> = {}) =>
  createResendTransport({ apiKey: standIn.apiKey, baseUrl: standIn.url, retryBaseMs: 10, retryMaxMs: 50, timeoutMs: 2_000, ...options });

const attempts = () => {
  const seen: number[] = [];
  return { seen, hooks: { beforeAttempt: ({ attempt }: { attempt: number }) => seen.push(attempt) } };
};

const countsAreOne = () => [...standIn.countByRecipient().values()].every((n) => n === 1);

describe('Resend batch transport', () => {
  it('sends one call with the key, one recipient per email, tags and scheduled_at, and returns the ids in order', async () => {
    const b = batch(3, 'ok', { scheduledAt: '2030-01-01T10:00:00.000Z' });
    const { seen, hooks } = attempts();
    const result = await transport().deliver(b, hooks);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ids).toEqual(standIn.emails.map((e) => e.id));
    expect(seen).toEqual([1]);
    const [request] = standIn.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/emails/batch', status: 200, idempotencyKey: b.idempotencyKey });
    expect(request!.headers['x-batch-validation']).toBe('strict');
    expect(standIn.emails.map((e) => e.to)).toEqual([['ok0@example.org'], ['ok1@example.org'], ['ok2@example.org']]);
    expect(standIn.emails[0]).toMatchObject({
      reply_to: ['info@example.org'],
      tags: [
        { name: 'campaign', value: 'c1' },
        { name: 'issue', value: 'i1' },
      ],
      scheduled_at: '2030-01-01T10:00:00.000Z',
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
  });

  it.each([500, 503, 'drop'] as const)('retries a %s with the same key and delivers once', async (fault) => {
    standIn.failNext(2, fault);
    const { seen, hooks } = attempts();
    const b = batch(4, `f${fault}`);
    const result = await transport().deliver(b, hooks);
    expect(result.ok).toBe(true);
    expect(seen).toEqual([1, 2, 3]);
    expect(standIn.emails).toHaveLength(4);
    expect(standIn.requests.map((r) => r.headers['idempotency-key'])).toEqual([b.idempotencyKey, b.idempotencyKey, b.idempotencyKey]);
  });

  it('recovers from an answer lost after the API accepted the batch: the key replays the same ids', async () => {
    standIn.failNext(1, 'lost');
    const result = await transport().deliver(batch(3, 'lost'), attempts().hooks);
    expect(result.ok).toBe(true);
    expect(standIn.emails).toHaveLength(3);
    expect(countsAreOne()).toBe(true);
    if (result.ok) expect(result.ids).toEqual(standIn.emails.map((e) => e.id));
    expect(standIn.requests.at(-1)?.replayed).toBe(true);
  });

  it('times out a held answer, meets 409 concurrent_idempotent_requests, and ends with the stored answer', async () => {
    // The API processes the batch and holds its answer until the client has met the 409.
    standIn.failNext(1, 'hold');
    const retried: string[] = [];
    const onRetry = (info: RetryInfo) => {
      retried.push(info.name);
      if (info.name === 'concurrent_idempotent_requests') standIn.releaseHeldAnswers();
    };
    const result = await transport({ timeoutMs: 200, retryBaseMs: 10, retryMaxMs: 50 }).deliver(batch(2, 'held'), { beforeAttempt: () => {}, onRetry });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.ids).toEqual(standIn.emails.map((e) => e.id));
    expect(standIn.emails).toHaveLength(2);
    expect(retried).toEqual([expect.not.stringMatching(/^concurrent_idempotent_requests$/), 'concurrent_idempotent_requests']);
    // The held first request, the 409 while it was in flight, then the stored answer replayed.
    expect(standIn.requests.map((r) => [r.fault ?? null, r.status, r.errorName ?? null, r.replayed ?? false])).toEqual([
      ['hold', 200, null, false],
      [null, 409, 'concurrent_idempotent_requests', false],
      [null, 200, null, true],
    ]);
  });

  it('after a 409 concurrent_idempotent_requests waits the longest backoff (up to a second) instead of asking again at once', async () => {
    standIn.failNext(1, 'hold');
    const retries: RetryInfo[] = [];
    const onRetry = (info: RetryInfo) => {
      retries.push(info);
      // Held through two 409s, so the wait after each can be seen.
      if (retries.filter((r) => r.name === 'concurrent_idempotent_requests').length === 2) standIn.releaseHeldAnswers();
    };
    const result = await transport({ timeoutMs: 200, retryBaseMs: 20, retryMaxMs: 700 }).deliver(batch(1, 'busy'), { beforeAttempt: () => {}, onRetry });
    expect(result.ok).toBe(true);
    const inProgress = retries.filter((r) => r.name === 'concurrent_idempotent_requests');
    expect(inProgress.map((r) => r.waitMs >= 700)).toEqual([true, true]);
    // The held request, two 409s, the stored answer: the request after each 409 came only once its wait was over.
    const requests = standIn.requests;
    expect(requests.map((r) => r.status)).toEqual([200, 409, 409, 200]);
    for (const i of [1, 2]) expect(requests[i + 1]!.time - requests[i]!.answeredAt!).toBeGreaterThanOrEqual(inProgress[i - 1]!.waitMs - 2);
  });

  it('stops on 422 with the API message and a hint, without retrying', async () => {
    standIn.setPermanentError(422);
    const { seen, hooks } = attempts();
    const result = await transport().deliver(batch(2, 'bad'), hooks);
    expect(result).toMatchObject({ ok: false, kind: 'refused', status: 422, name: 'validation_error' });
    if (!result.ok) {
      expect(result.message).toMatch(/could not be processed/);
      expect(result.hint).toMatch(/fix/);
    }
    expect(seen).toEqual([1]);
  });

  it('refuses an invalid address in strict mode as a whole batch', async () => {
    const b = batch(2, 'v');
    const broken = { ...b, messages: [b.messages[0]!, { ...b.messages[1]!, to: 'not an address' }] };
    const result = await transport().deliver(broken, attempts().hooks);
    expect(result).toMatchObject({ ok: false, kind: 'refused', status: 422 });
    expect(standIn.emails).toHaveLength(0);
  });

  it.each([
    [401, 'auth'],
    [403, 'auth'],
  ] as const)('stops on %s as an authentication problem', async (status, kind) => {
    standIn.setPermanentError(status);
    const result = await transport().deliver(batch(1, `a${status}`), attempts().hooks);
    expect(result).toMatchObject({ ok: false, kind, status });
    if (!result.ok) expect(result.hint).toMatch(/RESEND_API_KEY/);
  });

  it('reports a wrong key as invalid_api_key', async () => {
    const result = await createResendTransport({ apiKey: 're_wrong_key_123', baseUrl: standIn.url }).deliver(batch(1, 'wk'), attempts().hooks);
    expect(result).toMatchObject({ ok: false, kind: 'auth', status: 403, name: 'invalid_api_key' });
  });

  it('stops on 409 invalid_idempotent_request (same key, other contents)', async () => {
    const first = batch(1, 'same');
    expect((await transport().deliver(first, attempts().hooks)).ok).toBe(true);
    const other = { ...first, messages: [plan('different@example.org')] };
    const result = await transport().deliver(other, attempts().hooks);
    expect(result).toMatchObject({ ok: false, kind: 'conflict', status: 409, name: 'invalid_idempotent_request' });
  });

  it('does not send a batch still waiting for its slot once another batch stopped the campaign', async () => {
    standIn.setPermanentError(422);
    const t = transport();
    let stopped = false;
    const hooks = { beforeAttempt: () => {}, cancelled: () => stopped };
    const first = t.deliver(batch(1, 'c1-'), hooks).then((r) => {
      if (!r.ok) stopped = true;
      return r;
    });
    const second = t.deliver(batch(1, 'c2-'), hooks);
    expect(await first).toMatchObject({ ok: false, kind: 'refused' });
    expect(await second).toMatchObject({ ok: false, kind: 'cancelled' });
    expect(standIn.requests).toHaveLength(1);
  });

  it('gives up as in doubt after the attempts run out', async () => {
    standIn.setFaults({ rate: 1, kinds: [500] });
    const { seen, hooks } = attempts();
    const result = await transport({ maxAttempts: 3 }).deliver(batch(1, 'down'), hooks);
    expect(result).toMatchObject({ ok: false, kind: 'in-doubt', status: 500 });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('treats a refused connection as retryable', async () => {
    const { seen, hooks } = attempts();
    const result = await createResendTransport({ apiKey: 're_123456789', baseUrl: 'http://127.0.0.1:9', maxAttempts: 2, retryBaseMs: 1, timeoutMs: 500 }).deliver(batch(1, 'x'), hooks);
    expect(result).toMatchObject({ ok: false, kind: 'in-doubt', status: null });
    expect(seen).toEqual([1, 2]);
  });

  it('learns the rate limit from the first answer and then meets no 429', async () => {
    standIn.setRateLimit(3);
    const t = transport({ maxInFlight: 4 });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => t.deliver(batch(2, `rl${i}-`), attempts().hooks)));
    const elapsed = Date.now() - started;
    expect(results.every((r) => r.ok)).toBe(true);
    expect(standIn.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(t.knownRateLimit()).toBe(3);
    expect(t.pacer.unexpected429s).toBe(0);
    // 7 requests at 3 per second need at least two further windows.
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(countsAreOne()).toBe(true);
  });

  it('waits retry-after when another sender used the limit up', async () => {
    standIn.setRateLimit(1);
    const t = transport({ rateLimit: 5 }); // told a wrong, higher limit
    const results = await Promise.all([t.deliver(batch(1, 'x1'), attempts().hooks), t.deliver(batch(1, 'x2'), attempts().hooks)]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(standIn.requests.some((r) => r.status === 429)).toBe(true);
    expect(standIn.emails).toHaveLength(2);
    expect(t.knownRateLimit()).toBe(1);
  });
});

describe('bodies written in advance', () => {
  it('go through the SDK request method with the same headers, and match batch.send byte for byte', async () => {
    const b = batch(2, 'raw');
    const sdk = await new Resend(standIn.apiKey, { baseUrl: standIn.url }).batch.send(sdkEmails(b), { idempotencyKey: b.idempotencyKey });
    expect(sdk.error).toBeNull();
    const viaSdk = { ok: true, ids: sdk.data!.data.map((e) => e.id) };
    // The same key with the body the encoder writes: the API sees the same request and replays its answer.
    const viaBody = await transport().deliver(b, attempts().hooks);
    expect(viaBody).toEqual(viaSdk);
    expect(standIn.emails).toHaveLength(2);
    const last = standIn.requests.at(-1)!;
    expect(last).toMatchObject({ replayed: true, idempotencyKey: b.idempotencyKey });
    expect(last.headers['x-batch-validation']).toBe('strict');
    expect(last.headers['content-type']).toBe('application/json');
  });
});

describe('bodies written in advance: memory', () => {
  it('are sent with a Content-Length, not chunked', async () => {
    const b = batch(2, 'len');
    const body = rawBody(b);
    expect((await transport().deliver(withBody(b, () => body), attempts().hooks)).ok).toBe(true);
    const [request] = standIn.requests;
    expect(request!.headers['content-length']).toBe(String(body.length));
    expect(request!.headers['transfer-encoding']).toBeUndefined();
  });

  it('are handed back for reuse once the API accepted them, and never after a failed attempt', async () => {
    standIn.failNext(1, 500);
    const b = batch(2, 'reuse');
    const written: Buffer[] = [];
    const released: Uint8Array[] = [];
    const result = await transport().deliver(
      withBody(b, () => (written.push(rawBody(b)), written.at(-1)!), (body) => released.push(body)),
      attempts().hooks,
    );
    expect(result.ok).toBe(true);
    expect(written).toHaveLength(2);
    expect(released).toEqual([written[1]]);
    expect(released[0]).toBe(written[1]);
  });

  it('are not handed back when the API refuses the batch', async () => {
    const b = batch(1, 'refused');
    const released: Uint8Array[] = [];
    // No subject, html or recipient: the API answers 422.
    const invalid = () => Buffer.from('[{"from":"news@example.org"}]');
    const result = await transport().deliver(withBody(b, invalid, (body) => released.push(body)), attempts().hooks);
    expect(result).toMatchObject({ ok: false, kind: 'refused' });
    expect(released).toEqual([]);
  });
});

describe('sdkPayload (the reference for written bodies)', () => {
  it('maps to the SDK fields and leaves out what is not set', () => {
    const [payload] = sdkPayload([{ ...message.email(plan('a@example.org')), replyTo: undefined }]);
    expect(Object.keys(payload!)).toEqual(['from', 'to', 'subject', 'html', 'text', 'headers', 'tags']);
  });
});
