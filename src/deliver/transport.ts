/**
 * What every transport (the outbox, Resend's batch API) offers the campaign:
 * deliver one batch, all or nothing, and say plainly what happened.
 * Transports know nothing of campaigns' records, React or the audience.
 */
import type { MessagePlan } from '../personalise/personalise.ts';
import type { MessageEncoder } from '../personalise/message-encoder.ts';

export type OutgoingBatch = Readonly<{
  /** Idempotency-Key: the same for every attempt and every run that sends these exact emails. */
  idempotencyKey: string;
  /** One plan per recipient; the transport makes its bytes from them with `encoder`. */
  messages: readonly MessagePlan[];
  /** A stable number per email (the recipient's record id), for file names and Message-IDs. */
  ids: readonly number[];
  /** ISO 8601 time for the API to send at (Resend `scheduled_at`). */
  scheduledAt?: string;
  /** Makes each plan's `.eml`, or the batch's request body (and takes bodies back for reuse). */
  encoder: MessageEncoder;
}>;

/** Why a batch was not delivered. */
export type FailureKind =
  /** 401/403: the key is missing, wrong or not allowed to send. Stop: fix the key. */
  | 'auth'
  /** 422 and other 4xx: the API refused the batch; nothing of it was delivered. Stop. */
  | 'refused'
  /** Retries used up on 5xx, timeouts, dropped connections: it may or may not have been delivered. */
  | 'in-doubt'
  /** 409 invalid_idempotent_request: the same key with other contents. A bug; stop. */
  | 'conflict'
  /** The local side failed (disk full, folder not writable). */
  | 'local'
  /** The campaign stopped (another batch failed, or Ctrl-C) before this attempt went out. */
  | 'cancelled';

export type DeliveryFailure = Readonly<{
  ok: false;
  kind: FailureKind;
  /** HTTP status, or null for connection errors and local failures. */
  status: number | null;
  /** The API's error name (`validation_error`, `invalid_api_key`, …) or a local code. */
  name: string;
  /** The API's own message. */
  message: string;
  /** What the user can do about it. */
  hint: string;
}>;

export type DeliveryResult = Readonly<{ ok: true; ids: readonly string[] }> | DeliveryFailure;

export type AttemptInfo = Readonly<{ attempt: number }>;
export type RetryInfo = Readonly<{ attempt: number; status: number | null; name: string; message: string; waitMs: number }>;

export type DeliveryHooks = Readonly<{
  /** Called just before each request goes out (the campaign marks the batch in flight here). */
  beforeAttempt: (info: AttemptInfo) => void;
  /** Called after a failed attempt that will be retried. */
  onRetry?: (info: RetryInfo) => void;
  /** Checked just before each attempt: true stops the batch without sending (the campaign is stopping). */
  cancelled?: () => boolean;
}>;

export interface Transport {
  readonly name: 'resend' | 'outbox';
  /** Most emails one batch may hold. */
  readonly maxBatchSize: number;
  /** How many requests may be in flight at once. */
  readonly maxInFlight: number;
  /**
   * How many batches the campaign may have under way at once, counting those
   * waiting to retry, so that a batch in backoff does not hold the others up.
   * Default: `maxInFlight`.
   */
  readonly maxPending?: number;
  /** Requests per second the API allows, if known (for estimates). */
  knownRateLimit(): number | null;
  deliver(batch: OutgoingBatch, hooks: DeliveryHooks): Promise<DeliveryResult>;
}
