/**
 * One Resend call with the retries and pacing every broadcast-mode request
 * needs. Requests go one at a time: a sync is a few calls per thousand
 * contacts, so there is nothing to gain from concurrency and a 429 costs more
 * than waiting. Pacing follows the answer's own headers: when
 * `ratelimit-remaining` reaches 0 the next call waits `ratelimit-reset`
 * seconds; a 429 waits `retry-after`. The limits are the send's
 * (deliver/send-settings.ts: the same defaults and DISPATCH_* settings), and
 * so are the rules for what is transient (deliver/retry.ts).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { retryAfterMs } from '../deliver/pacer.ts';
import { classify, retryWaitMs } from '../deliver/retry.ts';
import { RETRY_DEFAULTS, type Tuning } from '../deliver/send-settings.ts';
import { DispatchError, EXIT } from '../errors/errors.ts';
import { redact } from '../errors/redact.ts';

type SdkError = { statusCode: number | null; name: string; message: string } | null;
export type SdkResponse<T> = { data: T | null; error: SdkError; headers?: Record<string, string> | null };

/** The send's limits: DISPATCH_REQUEST_TIMEOUT_MS, DISPATCH_MAX_ATTEMPTS, DISPATCH_RETRY_BASE_MS and DISPATCH_RETRY_MAX_MS (tuningFromEnv), else RETRY_DEFAULTS. */
export type CallLimits = Pick<Tuning, 'timeoutMs' | 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs'> & Readonly<{ maxRateLimitWaits?: number; random?: () => number }>;

/** One request; `signal` ends it after the per-attempt timeout (pass it to the SDK's request options). */
export type CallRequest<T> = (signal: AbortSignal) => Promise<SdkResponse<T>>;

let nextCallAt = 0;

function headerSeconds(headers: Record<string, string> | null | undefined, name: string): number | undefined {
  const value = Number(headers?.[name]);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function refused(what: string, error: NonNullable<SdkError>, auth: boolean): DispatchError {
  // Redacted here, not only when printed: the error reaches library callers too, and an API may quote the key it was sent.
  return new DispatchError(redact(`${what}: Resend refused (${error.statusCode ?? 'no connection'} ${error.name}): ${error.message}`), {
    hint: auth ? 'check RESEND_API_KEY (a full-access key is needed for contacts and broadcasts)' : 'run the command again to resume; nothing done so far is repeated',
    exitCode: auth ? EXIT.usage : EXIT.failed,
  });
}

/**
 * Runs `request` until it succeeds or fails for good; throws a DispatchError
 * saying what to fix. As for the send's batches: server errors, timeouts and
 * dropped connections are tried `maxAttempts` times in all, backing off from
 * `retryBaseMs` to `retryMaxMs`; 429s wait `retry-after`, up to
 * `maxRateLimitWaits` of them.
 */
export async function resendCall<T>(what: string, request: CallRequest<T>, limits: CallLimits = {}): Promise<T> {
  const timeoutMs = limits.timeoutMs ?? RETRY_DEFAULTS.timeoutMs;
  const maxAttempts = limits.maxAttempts ?? RETRY_DEFAULTS.maxAttempts;
  const maxRateLimitWaits = limits.maxRateLimitWaits ?? RETRY_DEFAULTS.maxRateLimitWaits;
  const backoff = { baseMs: limits.retryBaseMs ?? RETRY_DEFAULTS.retryBaseMs, maxMs: limits.retryMaxMs ?? RETRY_DEFAULTS.retryMaxMs, random: limits.random };
  let failures = 0;
  let rateLimited = 0;
  for (;;) {
    const wait = nextCallAt - Date.now();
    if (wait > 0) await delay(wait);
    let answer: SdkResponse<T>;
    try {
      answer = await request(AbortSignal.timeout(timeoutMs));
    } catch (error) {
      // The SDK rethrows an abort that lands while it reads an error body.
      answer = { data: null, error: { statusCode: null, name: 'connection_error', message: (error as Error)?.message ?? String(error) }, headers: null };
    }
    const { data, error, headers } = answer;
    if (headerSeconds(headers, 'ratelimit-remaining') === 0) nextCallAt = Date.now() + (headerSeconds(headers, 'ratelimit-reset') ?? 1) * 1000;
    if (!error && data !== null) return data;
    if (!error) throw new DispatchError(`${what}: Resend answered without data`, { exitCode: EXIT.failed });
    const verdict = classify(error);
    if (verdict.action === 'stop') throw refused(what, error, verdict.kind === 'auth');
    let waitMs: number;
    if (verdict.reason === 'rate-limit') {
      if (++rateLimited > maxRateLimitWaits) throw refused(what, error, false);
      waitMs = retryAfterMs(headers) ?? 1000;
    } else {
      if (++failures >= maxAttempts) throw refused(what, error, false);
      waitMs = retryWaitMs(verdict.reason, failures, backoff);
    }
    await delay(waitMs);
  }
}

/** A page request of one of Resend's cursor lists. */
type ListPage = (page: { limit: number; after?: string }, signal: AbortSignal) => Promise<SdkResponse<unknown>>;

/** The id of the first item of a Resend list that matches, reading page after page; undefined when none does. */
export async function findInList<T extends { id: string }>(what: string, list: ListPage, match: (item: T) => boolean, limits: CallLimits = {}): Promise<string | undefined> {
  let after: string | undefined;
  for (;;) {
    const page = (await resendCall(what, (signal) => list(after ? { limit: 100, after } : { limit: 100 }, signal), limits)) as { data: T[]; has_more?: boolean };
    const found = page.data.find(match);
    if (found) return found.id;
    if (!page.has_more || page.data.length === 0) return undefined;
    after = page.data[page.data.length - 1]!.id;
  }
}
