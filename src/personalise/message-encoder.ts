/**
 * What a transport makes its bytes from: a batch carries one `MessagePlan` per
 * recipient and this encoder, built once per send. The outbox asks for each
 * plan's whole email (`.eml`); Resend asks for the batch's request body,
 * written straight to bytes (batch-json.ts), into pooled buffers it hands back
 * once the API has accepted them.
 */
import type { BodyPool } from './body-pool.ts';
import { createBatchEncoder } from './batch-json.ts';
import type { CompiledMessage, MessagePlan, OutgoingEmail } from './personalise.ts';

export type MessageEncoder = Readonly<{
  /** One plan's whole email, HTML and text filled (for the `.eml`). */
  email: (plan: MessagePlan) => OutgoingEmail;
  /**
   * The exact Resend batch request body for these plans. Called for each
   * attempt; it returns the same bytes every time, as idempotency keys require.
   */
  batchBody: (plans: readonly MessagePlan[], scheduledAt?: string) => Uint8Array;
  /**
   * Takes back a body from `batchBody` once the API has accepted the request
   * that carried it, so nothing reads it any more: its memory may be reused.
   * Bodies of failed attempts are never handed back (the connection may still
   * hold them).
   */
  releaseBody?: (body: Uint8Array) => void;
}>;

/** The encoder for a compiled message; with a pool, batch bodies are written into its reused buffers. */
export function createMessageEncoder(message: CompiledMessage, options: Readonly<{ pool?: BodyPool }> = {}): MessageEncoder {
  const pool = options.pool;
  return {
    email: message.email,
    batchBody: createBatchEncoder(message, pool ? { pool } : {}),
    ...(pool ? { releaseBody: (body: Uint8Array) => pool.give(body) } : {}),
  };
}
