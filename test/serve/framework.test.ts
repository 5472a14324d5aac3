/**
 * What the framework and its plugins give serve: security headers on every
 * answer, no-store on pages that show an address, a 405 naming the methods,
 * HEAD, and a per-IP rate limit that holds against a burst.
 */
import { describe, expect, it } from 'vitest';
import { signUnsubscribeToken } from '../../src/personalise/unsubscribe-token.ts';
import { startServe } from '../../src/serve/server.ts';
import { openMemoryDb } from '../../src/store/db.ts';
import { findSuppression } from '../../src/suppressions/suppressions.ts';
import { UNSUBSCRIBE_SECRET, useTestServe } from '../support/serve.ts';

const suite = useTestServe();

describe('serve on Fastify', () => {
  it('pages carry CSP, frame and referrer policies and no-store; JSON answers the same headers', async () => {
    const token = encodeURIComponent(signUnsubscribeToken('headers@example.org', UNSUBSCRIBE_SECRET));
    for (const response of [await fetch(`${suite.serve.url}/unsubscribe?token=${token}`), await fetch(`${suite.serve.url}/unsubscribe?token=broken`)]) {
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none';style-src 'unsafe-inline';form-action 'self';frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    }
    const health = await fetch(`${suite.serve.url}/healthz`);
    expect(health.headers.get('x-frame-options')).toBe('DENY');
    expect(health.headers.get('content-type')).toMatch(/^application\/json\b/);
  });

  it('another method on a known path is a 405 naming the allowed ones; HEAD answers like GET without a body', async () => {
    const put = await fetch(`${suite.serve.url}/webhooks/resend`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST');
    const head = await fetch(`${suite.serve.url}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('a burst of one-click posts from one address is cut off at the limit with 429, and what is refused is not recorded', async () => {
    const db = openMemoryDb();
    const limited = await startServe({ db, unsubscribeSecret: UNSUBSCRIBE_SECRET, listName: 'CMPAC Newsletter', rateLimits: { forms: { max: 5, windowMs: 60_000 }, webhooks: { max: 5, windowMs: 60_000 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const token = encodeURIComponent(signUnsubscribeToken(`burst-${i}@example.org`, UNSUBSCRIBE_SECRET));
        const response = await fetch(`${limited.url}/unsubscribe?token=${token}`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        statuses.push(response.status);
        if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      expect(findSuppression(db, 'burst-4@example.org')).not.toBeNull();
      expect(findSuppression(db, 'burst-5@example.org')).toBeNull();
      // Another route keeps its own count.
      expect((await fetch(`${limited.url}/healthz`)).status).toBe(200);
    } finally {
      await limited.close();
      db.close();
    }
  });
});
