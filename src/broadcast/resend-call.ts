/**
 * One Resend call with the retries and pacing every broadcast-mode request
 * needs. Requests go one at a time: a sync is a few calls per thousand
 * contacts, so there is nothing to gain from concurrency and a 429 costs more
 * than waiting. Pacing follows the answer's own headers: when
 * `ratelimit-remaining` reaches 0 the next call waits `ratelimit-reset`
 * seconds; a 429 waits `retry-after`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { retryAfterMs } from '../deliver/pacer.ts';
import { backoffMs, classify } from '../deliver/retry.ts';
import { DispatchError, EXIT } from '../errors/errors.ts';
import { redact } from '../errors/redact.ts';

type SdkError = { statusCode: number | null; name: string; message: string } | null;
export type SdkResponse<T> = { data: T | null; error: SdkError; headers?: Record<string, string> | null };

/** Attempts before giving up on a transient failure. */
const ATTEMPTS = 6;
/** The first backoff; it doubles, with jitter, as the send's does. */
const BACKOFF = { baseMs: 250, maxMs: 30_000 };

let nextCallAt = 0;

function headerSeconds(headers: Record<string, string> | null | undefined, name: string): number | undefined {
  const value = Number(headers?.[name]);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Runs `request` until it succeeds or fails for good; throws a DispatchError
 * saying what to fix. What is transient, and how long to wait, are the send's
 * rules (deliver/retry.ts, deliver/pacer.ts).
 */
export async function resendCall<T>(what: string, request: () => Promise<SdkResponse<T>>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const wait = nextCallAt - Date.now();
    if (wait > 0) await delay(wait);
    const { data, error, headers } = await request();
    if (headerSeconds(headers, 'ratelimit-remaining') === 0) nextCallAt = Date.now() + (headerSeconds(headers, 'ratelimit-reset') ?? 1) * 1000;
    if (!error && data !== null) return data;
    if (!error) throw new DispatchError(`${what}: Resend answered without data`, { exitCode: EXIT.failed });
    const verdict = classify(error);
    if (verdict.action === 'stop' || attempt >= ATTEMPTS) {
      const auth = verdict.action === 'stop' && verdict.kind === 'auth';
      // Redacted here, not only when printed: the error reaches library callers too, and an API may quote the key it was sent.
      throw new DispatchError(redact(`${what}: Resend refused (${error.statusCode ?? 'no connection'} ${error.name}): ${error.message}`), {
        hint: auth ? 'check RESEND_API_KEY (a full-access key is needed for contacts and broadcasts)' : 'run the command again to resume; nothing done so far is repeated',
        exitCode: auth ? EXIT.usage : EXIT.failed,
      });
    }
    await delay(retryAfterMs(headers) ?? backoffMs(attempt, BACKOFF));
  }
}

/** A page request of one of Resend's cursor lists. */
type ListPage = (page: { limit: number; after?: string }) => Promise<SdkResponse<unknown>>;

/** The id of the first item of a Resend list that matches, reading page after page; undefined when none does. */
export async function findInList<T extends { id: string }>(what: string, list: ListPage, match: (item: T) => boolean): Promise<string | undefined> {
  let after: string | undefined;
  for (;;) {
    const page = (await resendCall(what, () => list(after ? { limit: 100, after } : { limit: 100 }))) as { data: T[]; has_more?: boolean };
    const found = page.data.find(match);
    if (found) return found.id;
    if (!page.has_more || page.data.length === 0) return undefined;
    after = page.data[page.data.length - 1]!.id;
  }
}
