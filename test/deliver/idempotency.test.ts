import { describe, expect, it } from 'vitest';
import { contentFingerprint, idempotencyKey, payloadHash } from '../../src/deliver/idempotency.ts';
import { backoffMs, classify, retryWaitMs } from '../../src/deliver/retry.ts';
import type { MessagePlan } from '../../src/personalise/personalise.ts';

/** A recipient's plan (the hash needs no HTML or text). */
const plan = (to: string, fields: Record<string, string>, token = 't'): MessagePlan => ({
  to,
  fields,
  values: { ...fields, email: to },
  subject: 'S',
  headers: { 'List-Unsubscribe': `<https://example.org/u?token=${token}>` },
  tags: [],
});

describe('idempotency keys', () => {
  const content = contentFingerprint({ html: '<p>x</p>', text: 'x', subject: 'S' });

  it('are stable for the same contents and differ when anything sent differs', () => {
    const items = [plan('a@example.org', { first_name: 'A', city: 'X' })];
    const hash = payloadHash(content, items);
    expect(payloadHash(content, [plan('a@example.org', { city: 'X', first_name: 'A' })])).toBe(hash);
    expect(payloadHash(content, [plan('b@example.org', { first_name: 'A', city: 'X' })])).not.toBe(hash);
    expect(payloadHash(content, [plan('a@example.org', { first_name: 'A', city: 'X' }, 'other-secret')])).not.toBe(hash);
    expect(payloadHash(content, [plan('a@example.org', { first_name: 'B', city: 'X' })])).not.toBe(hash);
    expect(payloadHash(content, items, '2030-01-01T00:00:00.000Z')).not.toBe(hash);
    expect(payloadHash(contentFingerprint({ html: '<p>y</p>', text: 'x', subject: 'S' }), items)).not.toBe(hash);
    expect(idempotencyKey('c1', hash)).toBe(idempotencyKey('c1', hash));
    expect(idempotencyKey('c2', hash)).not.toBe(idempotencyKey('c1', hash));
    expect(idempotencyKey('c1', hash)).toMatch(/^dispatch-[0-9a-f]{64}$/);
  });

  it('fingerprint ignores key order but not values', () => {
    expect(contentFingerprint({ a: '1', b: '2' })).toBe(contentFingerprint({ b: '2', a: '1' }));
    expect(contentFingerprint({ a: '1', b: '2' })).not.toBe(contentFingerprint({ a: '1', b: '3' }));
  });
});

describe('retry policy', () => {
  it.each([
    [{ statusCode: null, name: 'application_error', message: '' }, { action: 'retry', reason: 'connection' }],
    [{ statusCode: 429, name: 'rate_limit_exceeded', message: '' }, { action: 'retry', reason: 'rate-limit' }],
    [{ statusCode: 500, name: 'internal_server_error', message: '' }, { action: 'retry', reason: 'server' }],
    [{ statusCode: 503, name: 'service_unavailable', message: '' }, { action: 'retry', reason: 'server' }],
    [{ statusCode: 409, name: 'concurrent_idempotent_requests', message: '' }, { action: 'retry', reason: 'in-progress' }],
    [{ statusCode: 409, name: 'invalid_idempotent_request', message: '' }, { action: 'stop', kind: 'conflict' }],
    [{ statusCode: 401, name: 'missing_api_key', message: '' }, { action: 'stop', kind: 'auth' }],
    [{ statusCode: 403, name: 'invalid_api_key', message: '' }, { action: 'stop', kind: 'auth' }],
    [{ statusCode: 422, name: 'validation_error', message: '' }, { action: 'stop', kind: 'refused' }],
    [{ statusCode: 400, name: 'invalid_idempotency_key', message: '' }, { action: 'stop', kind: 'refused' }],
  ])('classifies %j', (error, verdict) => {
    expect(classify(error)).toEqual(verdict);
  });

  it('backs off exponentially, capped, with jitter in the upper half', () => {
    const opts = { baseMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, { ...opts, random: () => 1 }))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(3, { ...opts, random: () => 0 })).toBe(200);
  });

  it('waits at least a second (or the longest backoff) while the first request with the key is still in progress', () => {
    const opts = { baseMs: 100, maxMs: 5000, random: () => 1 };
    expect([1, 2, 6].map((n) => retryWaitMs('server', n, opts))).toEqual([100, 200, 3200]);
    expect([1, 2, 6].map((n) => retryWaitMs('in-progress', n, opts))).toEqual([1000, 1000, 3200]);
    expect(retryWaitMs('in-progress', 1, { ...opts, maxMs: 300 })).toBe(300);
  });
});
