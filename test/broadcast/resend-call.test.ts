/** resendCall takes the send's retry limits: attempts, 429 waits, backoff and the per-attempt timeout. */
import { describe, expect, it } from 'vitest';
import { resendCall, type SdkResponse } from '../../src/broadcast/resend-call.ts';
import { DispatchError, EXIT } from '../../src/errors/errors.ts';

const failure = (statusCode: number | null, name = 'service_unavailable', headers: Record<string, string> | null = null): SdkResponse<never> => ({
  data: null,
  error: { statusCode, name, message: 'no' },
  headers,
});

async function refusal(promise: Promise<unknown>): Promise<DispatchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DispatchError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('resendCall', () => {
  it('tries a server error maxAttempts times in all, then says to run again (exit 1)', async () => {
    let calls = 0;
    const error = await refusal(resendCall('importing contacts', async () => (calls++, failure(503)), { maxAttempts: 3, retryBaseMs: 0 }));
    expect(calls).toBe(3);
    expect(error.message).toBe('importing contacts: Resend refused (503 service_unavailable): no');
    expect(error.exitCode).toBe(EXIT.failed);
  });

  it("defaults to the send's 8 attempts", async () => {
    let calls = 0;
    await refusal(resendCall('x', async () => (calls++, failure(null, 'application_error')), { retryBaseMs: 0 }));
    expect(calls).toBe(8);
  });

  it('counts 429s apart from failures, as the send does, each waiting retry-after', async () => {
    const answers = [failure(429, 'rate_limit_exceeded', { 'retry-after': '0' }), failure(429, 'rate_limit_exceeded', { 'retry-after': '0' }), failure(500), { data: { id: 'ok' }, error: null }];
    let calls = 0;
    expect(await resendCall('x', async () => answers[calls++]!, { maxAttempts: 2, retryBaseMs: 0 })).toEqual({ id: 'ok' });
    expect(calls).toBe(4);
    let limited = 0;
    await refusal(resendCall('x', async () => (limited++, failure(429, 'rate_limit_exceeded', { 'retry-after': '0' })), { maxRateLimitWaits: 2 }));
    expect(limited).toBe(3);
  });

  it('stops at once on a refusal; a key refused is a usage error (exit 2)', async () => {
    let calls = 0;
    const error = await refusal(resendCall('x', async () => (calls++, failure(401, 'missing_api_key')), { retryBaseMs: 0 }));
    expect(calls).toBe(1);
    expect(error.exitCode).toBe(EXIT.usage);
  });

  it('gives each attempt a signal that ends it after timeoutMs; an attempt that never answers is retried', async () => {
    const signals: AbortSignal[] = [];
    const result = await resendCall(
      'x',
      (signal): Promise<SdkResponse<{ id: string }>> => {
        signals.push(signal);
        if (signals.length === 1) return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
        return Promise.resolve({ data: { id: 'second' }, error: null });
      },
      { timeoutMs: 50, retryBaseMs: 0 },
    );
    expect(result).toEqual({ id: 'second' });
    expect(signals).toHaveLength(2);
    expect(signals[0]!.aborted).toBe(true);
  });
});
