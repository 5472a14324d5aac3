/**
 * The Resend transport: the batch API, up to 100 emails a call, each to one
 * recipient, with the batch's Idempotency-Key on every attempt. The request
 * body is written from the batch's plans by its encoder (the bytes the SDK's
 * `batch.send` would write, without building each email first) and sent
 * through the SDK's request method, which never throws and never retries, so pacing (pacer.ts),
 * timeouts that follow the answers seen (timeout.ts) and retries with backoff
 * are done here.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Resend } from 'resend';
import { Pacer, retryAfterMs, type PacerClock, type ResponseHeaders } from './pacer.ts';
import { classify, hintFor, retryWaitMs, type ApiErrorLike } from './retry.ts';
import { RETRY_DEFAULTS } from './send-settings.ts';
import { RequestTimeout } from './timeout.ts';
import type { DeliveryHooks, DeliveryResult, OutgoingBatch, Transport } from './transport.ts';

/** Resend's documented limit per batch call. */
export const RESEND_MAX_BATCH = 100;

type SdkAnswer = Readonly<{ data: unknown; error: ApiErrorLike | null; headers: ResponseHeaders }>;

/** The part of the SDK this transport uses (tests substitute a fake). */
export type BatchClient = Readonly<{
  /** The SDK's request method (its base URL, error parsing and answer headers). */
  fetchRequest: (path: string, init: RequestInit) => Promise<SdkAnswer>;
}>;

/** Batches that may wait to retry while others keep the requests going. */
const RETRYING_BATCHES = 2;

/** Sent as the User-Agent (Dispatch writes the body itself). */
const USER_AGENT = 'dispatch (resend-node)';

export type ResendTransportOptions = Readonly<{
  apiKey: string;
  /** Default: RESEND_BASE_URL, else Resend's API. */
  baseUrl?: string;
  /** The longest wait for an answer (DISPATCH_REQUEST_TIMEOUT_MS). Default 30 s. Once a few batches are accepted, a request is given up sooner: see timeout.ts. */
  timeoutMs?: number;
  /** Attempts for server errors, timeouts and dropped connections. Default 8. */
  maxAttempts?: number;
  /** 429 answers tolerated per batch (each waits `retry-after`). Default 30. */
  maxRateLimitWaits?: number;
  /** First backoff. Default 500 ms. */
  retryBaseMs?: number;
  /** Longest backoff. Default 30 s. */
  retryMaxMs?: number;
  /** Batches in flight at once (the pacer also keeps within the rate limit). Default 2: enough to keep the API busy while the next batch is prepared, few enough that requests do not queue behind each other (queueing lengthens every answer, and the pacer counts a request until one second after its answer). */
  maxInFlight?: number;
  /** A rate limit known in advance. */
  rateLimit?: number | null;
  client?: BatchClient;
  clock?: PacerClock;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}>;

function idsOf(data: unknown, expected: number): string[] | null {
  const list = (data as { data?: Array<{ id?: unknown }> } | null)?.data;
  if (!Array.isArray(list) || list.length !== expected) return null;
  const ids = list.map((item) => item?.id);
  return ids.every((id): id is string => typeof id === 'string') ? ids : null;
}

/**
 * The body as a one-chunk stream. fetch copies a Buffer body before sending it
 * (the Fetch standard's "copy of the bytes"), which would leave a 4 MB copy per
 * batch for the garbage collector; a stream's chunks are written as they are.
 * With Content-Length set, the request is not chunked.
 */
function bodyStream(body: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(body);
      controller.close();
    },
  });
}

export type ResendTransport = Transport & Readonly<{ pacer: Pacer; timeouts: RequestTimeout }>;

export function createResendTransport(options: ResendTransportOptions): ResendTransport {
  const client: BatchClient =
    options.client ?? (new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : undefined) as unknown as BatchClient);
  const maxInFlight = options.maxInFlight ?? 2;
  const pacer = new Pacer({ maxInFlight, limit: options.rateLimit ?? null, clock: options.clock });
  const timeouts = new RequestTimeout(options.timeoutMs ?? RETRY_DEFAULTS.timeoutMs);
  const maxAttempts = options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts;
  const maxRateLimitWaits = options.maxRateLimitWaits ?? RETRY_DEFAULTS.maxRateLimitWaits;
  const backoff = { baseMs: options.retryBaseMs ?? RETRY_DEFAULTS.retryBaseMs, maxMs: options.retryMaxMs ?? RETRY_DEFAULTS.retryMaxMs, random: options.random };
  const sleep = options.sleep ?? ((ms: number) => delay(ms));

  /** The request itself: the SDK's `fetchRequest` with the headers `batch.send` would set. */
  function request(body: Uint8Array, key: string, signal: AbortSignal): Promise<SdkAnswer> {
    return client.fetchRequest('/emails/batch', {
      method: 'POST',
      body: bodyStream(body),
      duplex: 'half',
      headers: {
        Authorization: `Bearer ${options.apiKey}`,
        'Content-Type': 'application/json',
        'Content-Length': String(body.byteLength),
        'User-Agent': USER_AGENT,
        'Idempotency-Key': key,
        'x-batch-validation': 'strict',
      },
      signal,
    } as RequestInit);
  }

  /** One request; null when the campaign stopped while this one waited for its slot. `timedOut`: this batch's attempts given up so far. */
  async function attempt(batch: OutgoingBatch, hooks: DeliveryHooks, n: number, timedOut: number): Promise<(SdkAnswer & { timedOut: boolean }) | null> {
    // Written afresh for each attempt (the bytes are always the same) and not kept after it, so a 5 MB body
    // does not wait in memory through backoffs; written before the slot is taken, because the pacer
    // counts a slot from its start to one second after its answer, and writing is no part of the request.
    const body = batch.encoder.batchBody(batch.messages, batch.scheduledAt);
    const ticket = await pacer.acquire();
    try {
      if (hooks.cancelled?.()) {
        ticket.release();
        return null;
      }
      hooks.beforeAttempt({ attempt: n });
    } catch (error) {
      ticket.release();
      throw error;
    }
    const limitMs = timeouts.forAttempt(timedOut);
    const signal = AbortSignal.timeout(limitMs);
    const started = performance.now();
    let answer: SdkAnswer;
    try {
      answer = await request(body, batch.idempotencyKey, signal);
    } catch (error) {
      // The SDK rethrows an abort that lands while it reads an error body.
      answer = { data: null, error: { statusCode: null, name: 'connection_error', message: (error as Error)?.message ?? String(error) }, headers: null };
    }
    ticket.done({ status: answer.error ? answer.error.statusCode : 200, headers: answer.headers });
    // Accepted: the API read the whole body before answering.
    if (!answer.error) batch.encoder.releaseBody?.(body);
    if (!answer.error) timeouts.observe(performance.now() - started);
    // Given up: in doubt, and the next attempt carries the same key.
    const gaveUp = answer.error !== null && answer.error.statusCode === null && signal.aborted;
    if (gaveUp) {
      answer = { ...answer, error: { statusCode: null, name: 'timeout', message: `no answer within ${(limitMs / 1000).toFixed(1)} s` } };
    }
    return { ...answer, timedOut: gaveUp };
  }

  return {
    name: 'resend',
    maxBatchSize: RESEND_MAX_BATCH,
    maxInFlight,
    // Two more batches than requests: one waiting out a backoff leaves the pacer's slots to the others.
    maxPending: maxInFlight + RETRYING_BATCHES,
    pacer,
    timeouts,
    knownRateLimit: () => pacer.limit,
    async deliver(batch: OutgoingBatch, hooks: DeliveryHooks): Promise<DeliveryResult> {
      let failures = 0;
      let rateLimited = 0;
      let timedOut = 0;
      for (let n = 1; ; n++) {
        const answer = await attempt(batch, hooks, n, timedOut);
        if (!answer) return { ok: false, kind: 'cancelled', status: null, name: 'cancelled', message: 'the campaign stopped before this batch was sent', hint: 'run the same command again to resume' };
        if (answer.timedOut) timedOut++;
        let error = answer.error;
        if (!error) {
          const ids = idsOf(answer.data, batch.messages.length);
          if (ids) return { ok: true, ids };
          // Accepted, but not the documented answer: ask again (the key replays the stored answer).
          error = { statusCode: 502, name: 'unexpected_answer', message: 'the API accepted the batch but did not return one id per email' };
        }
        const verdict = classify(error);
        if (verdict.action === 'stop') {
          return { ok: false, kind: verdict.kind, status: error.statusCode, name: error.name, message: error.message, hint: hintFor(verdict.kind, error) };
        }
        let waitMs: number;
        if (verdict.reason === 'rate-limit') {
          if (++rateLimited > maxRateLimitWaits) {
            return { ok: false, kind: 'in-doubt', status: error.statusCode, name: error.name, message: error.message, hint: hintFor('in-doubt', error) };
          }
          // The pacer already holds every request until retry-after; this batch waits at least that long too.
          waitMs = (retryAfterMs(answer.headers) ?? 1000) + Math.round((options.random ?? Math.random)() * 100);
        } else {
          if (++failures >= maxAttempts) {
            return { ok: false, kind: 'in-doubt', status: error.statusCode, name: error.name, message: error.message, hint: hintFor('in-doubt', error) };
          }
          waitMs = retryWaitMs(verdict.reason, failures, backoff);
        }
        hooks.onRetry?.({ attempt: n, status: error.statusCode, name: error.name, message: error.message, waitMs });
        await sleep(waitMs);
        if (hooks.cancelled?.()) return { ok: false, kind: 'cancelled', status: null, name: 'cancelled', message: 'the campaign stopped while this batch waited to retry', hint: 'run the same command again to resume' };
      }
    },
  };
}
