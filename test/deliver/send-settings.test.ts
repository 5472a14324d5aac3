/** requireResend: the one check of RESEND_API_KEY and RESEND_BASE_URL, for send, broadcast and audience sync. */
import { describe, expect, it } from 'vitest';
import { transportConfig } from '../../src/campaign/config.ts';
import { RETRY_DEFAULTS, requireResend, tuningFromEnv } from '../../src/deliver/send-settings.ts';
import { DispatchError } from '../../src/errors/errors.ts';

const refusal = (run: () => unknown): DispatchError => {
  try {
    run();
  } catch (error) {
    if (error instanceof DispatchError) return error;
    throw error;
  }
  throw new Error('not refused');
};

describe('requireResend', () => {
  it('returns the key and the base URL without its trailing slash', () => {
    expect(requireResend({ RESEND_API_KEY: ' re_123456789 ' })).toEqual({ apiKey: 're_123456789' });
    expect(requireResend({ RESEND_API_KEY: 're_123456789', RESEND_BASE_URL: 'http://127.0.0.1:1//' })).toEqual({ apiKey: 're_123456789', baseUrl: 'http://127.0.0.1:1' });
  });

  it('refuses a missing key, saying what the command needs Resend for', () => {
    const missing = refusal(() => requireResend({ RESEND_API_KEY: '  ' }, { why: 'broadcasts are created in Resend' }));
    expect(missing.message).toBe('RESEND_API_KEY is not set');
    expect(missing.hint).toBe('broadcasts are created in Resend; set the key (and RESEND_BASE_URL for a Resend-compatible server)');
  });

  it('refuses a key that cannot be one and a base URL that is not http(s), never quoting the key', () => {
    const key = 're_12345\n6789';
    const shape = refusal(() => requireResend({ RESEND_API_KEY: key }, { why: 'audience sync talks to Resend' }));
    expect(shape.message).toMatch(/^RESEND_API_KEY does not look like an API key/);
    // Only the send has an outbox to fall back on.
    expect(shape.hint).not.toMatch(/outbox/);
    expect(`${shape.message} ${shape.hint}`).not.toContain('12345');
    expect(refusal(() => transportConfig({ RESEND_API_KEY: key, UNSUBSCRIBE_SECRET: 's' })).hint).toMatch(/or unset it to write to the outbox$/);
    for (const url of ['ftp://x', 'not a url']) expect(refusal(() => requireResend({ RESEND_API_KEY: 're_123456789', RESEND_BASE_URL: url })).message).toBe('RESEND_BASE_URL is not an http(s) URL');
  });

  it('is what the send checks: the same key and base URL in its transport', () => {
    expect(transportConfig({ RESEND_API_KEY: 're_123456789', UNSUBSCRIBE_SECRET: 's', RESEND_BASE_URL: 'http://127.0.0.1:1/' })).toEqual({
      kind: 'resend',
      ...requireResend({ RESEND_API_KEY: 're_123456789', RESEND_BASE_URL: 'http://127.0.0.1:1/' }),
      secret: 's',
      developmentSecret: false,
    });
  });
});

describe('retry settings', () => {
  it('DISPATCH_* set what they name and leave the rest to the defaults', () => {
    expect(tuningFromEnv({ DISPATCH_MAX_ATTEMPTS: '3', DISPATCH_RETRY_BASE_MS: '10' })).toMatchObject({ maxAttempts: 3, retryBaseMs: 10, timeoutMs: undefined });
    expect(RETRY_DEFAULTS).toEqual({ timeoutMs: 30_000, maxAttempts: 8, maxRateLimitWaits: 30, retryBaseMs: 500, retryMaxMs: 30_000 });
  });
});
