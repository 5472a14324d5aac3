/**
 * Which API answers are worth another try, and how long to wait first.
 * Resend documents: 429 (rate limit) and 5xx are transient; 409
 * `concurrent_idempotent_requests` means the first request with this key is
 * still being processed; every other 4xx is final for this request.
 */

export type ApiErrorLike = Readonly<{ statusCode: number | null; name: string; message: string }>;

export type RetryReason = 'rate-limit' | 'server' | 'connection' | 'in-progress';

export type Verdict =
  | { action: 'retry'; reason: RetryReason }
  | { action: 'stop'; kind: 'auth' | 'refused' | 'conflict' };

export function classify(error: ApiErrorLike): Verdict {
  const status = error.statusCode;
  if (status === null || status === undefined) return { action: 'retry', reason: 'connection' };
  if (status === 429) return { action: 'retry', reason: 'rate-limit' };
  if (status >= 500) return { action: 'retry', reason: 'server' };
  if (status === 408) return { action: 'retry', reason: 'connection' };
  if (status === 409) {
    return error.name === 'concurrent_idempotent_requests' ? { action: 'retry', reason: 'in-progress' } : { action: 'stop', kind: 'conflict' };
  }
  if (status === 401 || status === 403) return { action: 'stop', kind: 'auth' };
  return { action: 'stop', kind: 'refused' };
}

export type BackoffOptions = Readonly<{
  /** First wait, before jitter. */
  baseMs: number;
  /** Longest wait. */
  maxMs: number;
  /** 0..1 → a fraction; default Math.random. */
  random?: () => number;
}>;

/**
 * Exponential backoff with jitter: base·2^(n−1), capped, then a random point
 * in its upper half, so many senders that failed together do not retry
 * together, yet every wait is at least half the nominal one.
 */
export function backoffMs(retry: number, options: BackoffOptions): number {
  const nominal = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  const random = options.random ?? Math.random;
  return Math.round(nominal * (0.5 + 0.5 * random()));
}

/** The least wait after a 409 `concurrent_idempotent_requests` (capped by the longest backoff): about one batch's processing time. */
const IN_PROGRESS_WAIT_MS = 1_000;

/**
 * The wait before retry number `retry` for a failure other than a 429 (which
 * waits what `retry-after` says): the backoff, except that while the first
 * request with the key is still being processed, asking again within the
 * second only spends rate-limit slots the other batches need (each answer is
 * another 409).
 */
export function retryWaitMs(reason: Exclude<RetryReason, 'rate-limit'>, retry: number, options: BackoffOptions): number {
  const wait = backoffMs(retry, options);
  return reason === 'in-progress' ? Math.max(wait, Math.min(IN_PROGRESS_WAIT_MS, options.maxMs)) : wait;
}

/** What to tell the user for an error that stops the campaign. */
export function hintFor(kind: 'auth' | 'refused' | 'conflict' | 'in-doubt', error: ApiErrorLike): string {
  switch (kind) {
    case 'auth':
      return error.statusCode === 401 && error.name !== 'restricted_api_key'
        ? 'set RESEND_API_KEY to an API key from https://resend.com/api-keys'
        : 'check RESEND_API_KEY: the key must exist, belong to this team and have sending access (and the from address must be on a verified domain)';
    case 'refused':
      return 'fix what the message names (the brand file, the issue or the audience row), then run the same command again to resume';
    case 'conflict':
      return 'the same Idempotency-Key was used with different contents: this is a bug in Dispatch, please report it; run again to retry';
    case 'in-doubt':
      return 'the API kept failing; run the same command again later: batches in doubt are re-sent with the same Idempotency-Key, so nobody gets a second copy';
  }
}
