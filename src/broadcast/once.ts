/**
 * Resend takes an Idempotency-Key for emails only: creating a segment or a
 * broadcast, and sending a broadcast, have none. After a failure Resend may
 * have acted on (no answer: a dropped or timed-out connection; or a 5xx), a
 * plain retry would create a second segment or broadcast, or be refused
 * ("only draft broadcasts can be sent") for a broadcast that went out.
 *
 * `once` wraps such a request for resendCall: before trying again after such
 * a failure, it asks Resend (`done`) whether the earlier try took effect, and
 * if so answers with what it found instead of repeating the request.
 */
import { classify } from '../deliver/retry.ts';
import type { SdkResponse } from './resend-call.ts';

type Request<T> = (signal?: AbortSignal) => Promise<SdkResponse<T>>;

/** No answer, a timeout or a server error: Resend may have done the work. A 429 or another 4xx: it did not. */
function mayHaveActed(error: SdkResponse<unknown>['error']): boolean {
  if (!error) return false;
  const verdict = classify(error);
  return verdict.action === 'retry' && (verdict.reason === 'connection' || verdict.reason === 'server');
}

export function once<T>(request: Request<T>, done: () => Promise<T | undefined>): Request<T> {
  let inDoubt = false;
  return async (signal) => {
    if (inDoubt) {
      const found = await done();
      if (found !== undefined) return { data: found, error: null, headers: null };
    }
    try {
      const answer = await request(signal);
      inDoubt = mayHaveActed(answer.error);
      return answer;
    } catch (error) {
      inDoubt = true;
      throw error;
    }
  };
}
