/** Resend webhooks over real HTTP: signed, unsigned, stale, replayed and hostile deliveries. */
import { describe, expect, it, vi } from 'vitest';
import { verifySvix } from '../../src/serve/svix.ts';
import { findSuppression } from '../../src/suppressions/suppressions.ts';
import { signSvix } from '../support/svix-signature.ts';
import { WEBHOOK_SECRET, useTestServe } from '../support/serve.ts';

const suite = useTestServe();
const count = suite.suppressionCount;
let sequence = 0;

function event(type: string, data: Record<string, unknown>): string {
  return JSON.stringify({ type, created_at: new Date().toISOString(), data: { email_id: 'e-1', created_at: new Date().toISOString(), from: 'CMPAC <n@example.org>', subject: 'Hi', ...data } });
}

type Delivery = { body: string | Buffer; id?: string; timestamp?: number | string; secret?: string; headers?: Record<string, string> };

function deliver({ body, id = `msg_${++sequence}`, timestamp = Math.floor(suite.serve.clock.now / 1000), secret = WEBHOOK_SECRET, headers }: Delivery) {
  return fetch(`${suite.serve.url}/webhooks/resend`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers: headers ?? { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': signSvix(secret, id, timestamp, body) },
  });
}

describe('signed events', () => {
  it('a permanent bounce is suppressed; a transient one is not', async () => {
    expect((await deliver({ body: event('email.bounced', { to: ['Hard <Hard@Example.org>'], bounce: { type: 'Permanent', subType: 'General', message: 'x', diagnosticCode: [] } }) })).status).toBe(200);
    expect(findSuppression(suite.serve.db, 'hard@example.org')).toMatchObject({ reason: 'bounced', source: expect.stringContaining('email.bounced (General)') });
    expect((await deliver({ body: event('email.bounced', { to: ['soft@example.org'], bounce: { type: 'Transient', subType: 'MailboxFull', message: 'x', diagnosticCode: [] } }) })).status).toBe(200);
    expect(findSuppression(suite.serve.db, 'soft@example.org')).toBeNull();
  });

  it('complaints, Resend suppressions and unsubscribes through Resend are suppressed; other events are acknowledged only', async () => {
    await deliver({ body: event('email.complained', { to: ['spam@example.org'] }) });
    await deliver({ body: event('email.suppressed', { to: ['listed@example.org'], suppressed: { type: 'OnAccountSuppressionList', reason: 'previous_bounce', message: 'x', diagnosticCode: [] } }) });
    await deliver({ body: JSON.stringify({ type: 'contact.updated', created_at: '2024-01-01T00:00:00Z', data: { id: 'c1', email: 'left@example.org', unsubscribed: true, created_at: 'x', updated_at: 'x' } }) });
    const before = count();
    const delivered = await deliver({ body: event('email.delivered', { to: ['fine@example.org'] }) });
    expect(delivered.status).toBe(200);
    expect(count()).toBe(before);
    expect(findSuppression(suite.serve.db, 'spam@example.org')?.reason).toBe('complained');
    expect(findSuppression(suite.serve.db, 'listed@example.org')).toMatchObject({ reason: 'suppressed', source: expect.stringContaining('previous_bounce') });
    expect(findSuppression(suite.serve.db, 'left@example.org')?.reason).toBe('unsubscribed');
    expect(findSuppression(suite.serve.db, 'fine@example.org')).toBeNull();
  });

  it('a replay of the same svix-id answers 200 and records nothing twice', async () => {
    const body = event('email.complained', { to: ['replay@example.org'] });
    const first = await deliver({ body, id: 'msg_replay' });
    expect(await first.json()).toEqual({ ok: true, suppressed: 1 });
    const rows = suite.serve.db.prepare('SELECT * FROM suppressions WHERE email = ?').all('replay@example.org');
    // The address is removed by hand (say, it was re-confirmed): a replay must not bring it back.
    suite.serve.db.prepare('DELETE FROM suppressions WHERE email = ?').run('replay@example.org');
    const again = await deliver({ body, id: 'msg_replay' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, replayed: true });
    expect(rows).toHaveLength(1);
    expect(findSuppression(suite.serve.db, 'replay@example.org')).toBeNull();
  });
});

describe('refused deliveries', () => {
  const body = event('email.complained', { to: ['forged@example.org'] });

  it('unsigned: 401', async () => {
    expect((await deliver({ body, headers: { 'content-type': 'application/json' } })).status).toBe(401);
    expect((await deliver({ body, headers: { 'svix-id': 'x', 'svix-timestamp': String(Math.floor(Date.now() / 1000)) } })).status).toBe(401);
  });

  it('signed with another secret, or over another body: 401', async () => {
    const other = `whsec_${Buffer.from('another signing key entirely!!!').toString('base64')}`;
    expect((await deliver({ body, secret: other })).status).toBe(401);
    const id = 'msg_swapped';
    const timestamp = Math.floor(suite.serve.clock.now / 1000);
    const signature = signSvix(WEBHOOK_SECRET, id, timestamp, event('email.delivered', { to: ['forged@example.org'] }));
    expect((await deliver({ body, headers: { 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': signature } })).status).toBe(401);
    // The same signature under another svix-id is not valid either.
    const stolen = signSvix(WEBHOOK_SECRET, 'msg_a', timestamp, body);
    expect((await deliver({ body, headers: { 'svix-id': 'msg_b', 'svix-timestamp': String(timestamp), 'svix-signature': stolen } })).status).toBe(401);
  });

  it('stale or future timestamps beyond 5 minutes: 401, even correctly signed', async () => {
    const now = Math.floor(suite.serve.clock.now / 1000);
    expect((await deliver({ body, timestamp: now - 301 })).status).toBe(401);
    expect((await deliver({ body, timestamp: now + 301 })).status).toBe(401);
    expect((await deliver({ body, timestamp: 'yesterday' })).status).toBe(401);
    expect((await deliver({ body: event('email.delivered', { to: ['ok@example.org'] }), timestamp: now - 299 })).status).toBe(200);
  });

  it('hostile signature headers: 401 and nothing recorded', async () => {
    const timestamp = String(Math.floor(suite.serve.clock.now / 1000));
    for (const signature of ['', 'v1,', 'v1', 'v2,abc', 'v1,!!!!', `v1,${'A'.repeat(10_000)}`, 'v1,AAAA v1,BBBB']) {
      expect((await deliver({ body, headers: { 'svix-id': 'msg_h', 'svix-timestamp': timestamp, 'svix-signature': signature } })).status).toBe(401);
    }
    expect(findSuppression(suite.serve.db, 'forged@example.org')).toBeNull();
  });

  it('accepts any matching entry of a rotated-key signature list', async () => {
    const id = 'msg_rotated';
    const timestamp = Math.floor(suite.serve.clock.now / 1000);
    const good = signSvix(WEBHOOK_SECRET, id, timestamp, body);
    const response = await deliver({ body, headers: { 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': `v1,b2xkIGtleQ== ${good}` } });
    expect(response.status).toBe(200);
    suite.serve.db.prepare('DELETE FROM suppressions WHERE email = ?').run('forged@example.org');
  });

  it('signed but malformed bodies: 400, nothing recorded; oversized: 413', async () => {
    const before = count();
    for (const bad of ['not json', '[]', '{"type":1}', '{"type":"email.complained"}', '{"type":"email.complained","data":[]}']) {
      expect((await deliver({ body: bad })).status).toBe(400);
    }
    const ignored = await deliver({ body: event('email.complained', { to: ['not an address', '<script>@x', 42] }) });
    expect(ignored.status).toBe(200);
    expect((await deliver({ body: Buffer.alloc(2 * 1024 * 1024, 0x20) })).status).toBe(413);
    expect(count()).toBe(before);
  });
});

describe('verifySvix', () => {
  it('checks the documented scheme: HMAC-SHA256 over id.timestamp.body with the base64 key after whsec_', () => {
    // Computed independently: key = base64-decode(secret after whsec_).
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const signature = signSvix(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    // The library checks the timestamp against the system clock as well as serve's: both at the vector's time.
    vi.useFakeTimers({ toFake: ['Date'], now: 1614265330_000 });
    try {
      expect(verifySvix({ id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: '1614265330', signature }, Buffer.from('{"test": 2432232314}'), secret, 1614265330_000)).toEqual({ ok: true });
    } finally {
      vi.useRealTimers();
    }
  });

  it('is the library\'s verification: a tampered body, id or timestamp, or a stale one by either clock, is refused', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const now = Date.now();
    const timestamp = String(Math.floor(now / 1000));
    const body = Buffer.from('{"type":"email.complained"}');
    const signature = signSvix(secret, 'msg_1', timestamp, body);
    expect(verifySvix({ id: 'msg_1', timestamp, signature }, body, secret, now)).toEqual({ ok: true });
    expect(verifySvix({ id: 'msg_1', timestamp, signature }, Buffer.from('{"type":"email.delivered"}'), secret, now)).toEqual({ ok: false, reason: 'no matching signature found' });
    expect(verifySvix({ id: 'msg_2', timestamp, signature }, body, secret, now)).toMatchObject({ ok: false });
    expect(verifySvix({ id: 'msg_1', timestamp: String(Number(timestamp) + 1), signature }, body, secret, now)).toMatchObject({ ok: false });
    // Fresh by serve's clock but not by the system's (the vector's 2021 time): refused by the library.
    const old = signSvix(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(verifySvix({ id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: '1614265330', signature: old }, Buffer.from('{"test": 2432232314}'), secret, 1614265330_000)).toEqual({ ok: false, reason: 'message timestamp too old' });
    // Fresh by the system clock but not by serve's: refused before any HMAC.
    expect(verifySvix({ id: 'msg_1', timestamp, signature }, body, secret, now + 301_000)).toEqual({ ok: false, reason: 'svix-timestamp outside the 5-minute tolerance' });
  });
});

describe('the webhook secret', () => {
  it('startServe refuses a key anyone could sign with (empty, short, not base64), without quoting it', async () => {
    const { openMemoryDb } = await import('../../src/store/db.ts');
    const { startServe } = await import('../../src/serve/server.ts');
    const db = openMemoryDb();
    for (const secret of ['whsec_', `whsec_${Buffer.from('sixteen byte key').toString('base64')}`, 'whsec_???? not base64 ????']) {
      await expect(startServe({ db, webhookSecret: secret, listName: 'x' })).rejects.toThrow(/^webhookSecret (is not base64|decodes to \d+ bytes)/);
    }
    db.close();
  });
});
