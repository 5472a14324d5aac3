/**
 * One Resend call with the retries and pacing every broadcast-mode request
 * needs. Requests go one at a time: a sync is a few calls per thousand
 * contacts, so there is nothing to gain from concurrency and a 429 costs more
 * than waiting. Pacing follows the answer's own headers: when
 * `ratelimit-remaining` reaches 0 the next call waits `ratelimit-reset`
 * seconds; a 429 waits `retry-after`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { DispatchError, EXIT } from '../errors/errors.ts';

type SdkError = { statusCode: number | null; name: string; message: string } | null;
export type SdkResponse<T> = { data: T | null; error: SdkError; headers?: Record<string, string> | null };

export type CallOptions = Readonly<{
  /** Attempts before giving up on retryable failures. Default 6. */
  attempts?: number;
  /** First backoff in ms (doubles, with jitter). Default 250. */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}>;

let nextCallAt = 0;

const retryable = (error: NonNullable<SdkError>) =>
  error.statusCode === null || error.statusCode === 429 || error.statusCode >= 500 || error.name === 'concurrent_idempotent_requests';

function headerSeconds(headers: Record<string, string> | null | undefined, name: string): number | undefined {
  const value = Number(headers?.[name]);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Runs `request` until it succeeds or fails for good; throws a DispatchError saying what to fix. */
export async function resendCall<T>(what: string, request: () => Promise<SdkResponse<T>>, options: CallOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  for (let attempt = 1; ; attempt++) {
    const wait = nextCallAt - Date.now();
    if (wait > 0) await sleep(wait);
    const { data, error, headers } = await request();
    if (headerSeconds(headers, 'ratelimit-remaining') === 0) nextCallAt = Date.now() + (headerSeconds(headers, 'ratelimit-reset') ?? 1) * 1000;
    if (!error && data !== null) return data;
    if (!error) throw new DispatchError(`${what}: Resend answered without data`, { exitCode: EXIT.failed });
    if (!retryable(error) || attempt >= attempts) {
      const auth = error.statusCode === 401 || error.statusCode === 403;
      throw new DispatchError(`${what}: Resend refused (${error.statusCode ?? 'no connection'} ${error.name}): ${error.message}`, {
        hint: auth ? 'check RESEND_API_KEY (a full-access key is needed for contacts and broadcasts)' : 'run the command again to resume; nothing done so far is repeated',
        exitCode: auth ? EXIT.usage : EXIT.failed,
      });
    }
    const retryAfter = headerSeconds(headers, 'retry-after');
    const backoff = options.baseDelayMs ?? 250;
    await sleep(retryAfter !== undefined ? retryAfter * 1000 : backoff * 2 ** (attempt - 1) * (0.5 + Math.random()));
  }
}
