/**
 * The delivery loop: batches in doubt from an earlier run first (same key,
 * same bytes), then new batches of pending recipients in audience order,
 * several in flight at once so the rate limit, not this process, sets the
 * pace. Every state change is written before the next step can depend on it.
 */
import { DispatchError } from '../errors/errors.ts';
import { idempotencyKey, payloadHash } from '../deliver/idempotency.ts';
import type { DeliveryFailure, Transport } from '../deliver/transport.ts';
import type { CompiledMessage, MessagePlan } from '../personalise/personalise.ts';
import type { MessageEncoder } from '../personalise/message-encoder.ts';
import type { BatchRecord, CampaignStore, RecipientRecord } from '../store/campaign-store.ts';
import { reached } from './moments.ts';

/** Resend forgets idempotency keys after 24 hours; a batch in doubt for longer may be delivered twice. */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

export type LoopContext = Readonly<{
  store: CampaignStore;
  campaignPk: number;
  campaignId: string;
  run: number;
  transport: Transport;
  /** Plans each recipient's message (the idempotency hash is taken from the plans). */
  message: CompiledMessage;
  /** Makes the transport's bytes from the plans (`.eml` or batch body). */
  encoder: MessageEncoder;
  contentHash: string;
  scheduledAt?: string;
  /** Stops planning new batches (Ctrl-C); batches in flight finish. */
  signal?: AbortSignal;
  /** Delivered so far in this run. */
  onProgress?: (sentThisRun: number) => void;
  /** A retry or a note worth a line (verbose). */
  onNote?: (line: string) => void;
  redact: (text: string) => string;
  now?: () => number;
}>;

export type LoopResult = Readonly<{
  /** Delivered in this run, as the record says. */
  sentThisRun: number;
  stoppedBy: (DeliveryFailure & { batch: number }) | null;
  interrupted: boolean;
  /** Batches whose request went out in this run: from the first, "nothing was sent" is no longer true. */
  attempted: number;
  /** Recipients the API accepted in this run, with any whose acceptance could not be written to the record. */
  accepted: number;
  /** Recipients in batches whose request went out in this run without an answer. */
  inDoubt: number;
  /** A local failure (the record could not be written: a full disk…) that stopped the run once the batches under way had ended. */
  error?: unknown;
}>;

type Work = Readonly<{ batch: BatchRecord; recipients: readonly RecipientRecord[]; plans: readonly MessagePlan[] }>;

function planAll(message: CompiledMessage, recipients: readonly RecipientRecord[]): MessagePlan[] {
  return recipients.map((recipient) => message.plan({ email: recipient.email, fields: recipient.fields }));
}

/**
 * Rebuilds the batches a previous run sent without an answer. For the API
 * they must be byte-identical (same key); if the issue, brand or secret
 * changed since, they cannot be, and the run refuses before sending anything.
 */
export function rebuildInDoubt(context: LoopContext, strict: boolean): Work[] {
  const now = context.now?.() ?? Date.now();
  const work: Work[] = [];
  for (const batch of context.store.inDoubtBatches(context.campaignPk)) {
    const recipients = context.store.batchRecipients(batch.pk);
    const plans = planAll(context.message, recipients);
    const hash = payloadHash(context.contentHash, plans, context.scheduledAt);
    if (strict && hash !== batch.payloadHash) {
      throw new DispatchError(
        `batch ${batch.seq} of campaign ${context.campaignId} (${recipients.length} recipients) was sent by an earlier run without an answer, and what it would send has changed since`,
        {
          hint: 'restore the issue file, the brand file, UNSUBSCRIBE_SECRET and --schedule as they were and run again, so it is re-sent with the same Idempotency-Key and nobody gets two copies',
        },
      );
    }
    if (strict && batch.firstAttemptAt && now - Date.parse(batch.firstAttemptAt) > KEY_LIFETIME_MS - 60 * 60 * 1000) {
      context.onNote?.(
        `warning: batch ${batch.seq} was first sent ${Math.round((now - Date.parse(batch.firstAttemptAt)) / 3_600_000)} h ago without an answer; Resend keeps idempotency keys 24 h, so its ${recipients.length} recipients may get a second copy`,
      );
    }
    work.push({ batch, recipients, plans });
  }
  return work;
}

export async function deliverBatches(context: LoopContext, inDoubt: readonly Work[]): Promise<LoopResult> {
  const { store, transport } = context;
  const queue = [...inDoubt];
  const inflight = new Set<Promise<void>>();
  let cursor = 0;
  let sentThisRun = 0;
  let attempted = 0;
  let accepted = 0;
  let unanswered = 0;
  let stoppedBy: LoopResult['stoppedBy'] = null;
  let crash: { error: unknown } | null = null;

  const planNext = (): Work | null => {
    const recipients = store.nextRecipients(context.campaignPk, context.run, cursor, transport.maxBatchSize);
    if (recipients.length === 0) return null;
    cursor = recipients[recipients.length - 1]!.pk;
    const plans = planAll(context.message, recipients);
    const hash = payloadHash(context.contentHash, plans, context.scheduledAt);
    const batch = store.createBatch(context.campaignPk, recipients, { idempotencyKey: idempotencyKey(context.campaignId, hash), payloadHash: hash });
    reached('batch-planned');
    return { batch, recipients, plans };
  };

  const deliverOne = async (work: Work): Promise<void> => {
    const { batch, recipients, plans } = work;
    let wentOut = false;
    let counted = false;
    try {
      const result = await transport.deliver(
        {
          idempotencyKey: batch.idempotencyKey,
          messages: plans,
          ids: recipients.map((recipient) => recipient.pk),
          ...(context.scheduledAt ? { scheduledAt: context.scheduledAt } : {}),
          encoder: context.encoder,
        },
        {
          beforeAttempt: () => {
            store.markAttempt(batch.pk);
            if (!wentOut) attempted++;
            wentOut = true;
            reached('attempt-marked');
          },
          cancelled: () => stoppedBy !== null || crash !== null || Boolean(context.signal?.aborted),
          onRetry: (info) => {
            const what = context.redact(`${info.status ?? 'no answer'} ${info.name}: ${info.message}`);
            store.noteError(batch.pk, what);
            context.onNote?.(`batch ${batch.seq}: attempt ${info.attempt} failed (${what}); retrying in ${(info.waitMs / 1000).toFixed(1)} s`);
          },
        },
      );
      counted = true;
      if (result.ok) {
        accepted += recipients.length;
        reached('answered');
        store.confirmBatch(batch.pk, recipients, result.ids);
        reached('batch-confirmed');
        sentThisRun += recipients.length;
        context.onProgress?.(sentThisRun);
        return;
      }
      // Stopped before it went out: a planned batch dissolves next run, one sent before stays in doubt.
      if (result.kind === 'cancelled') {
        if (wentOut) unanswered += recipients.length;
        return;
      }
      const failure: DeliveryFailure = { ...result, message: context.redact(result.message) };
      const what = `${failure.status ?? 'no answer'} ${failure.name}: ${failure.message}`;
      // Refused (4xx) and local failures delivered nothing: the recipients are retried next run with a fresh batch.
      // In-doubt and conflicting batches keep their key, to be re-sent as they are.
      const refused = failure.kind === 'auth' || failure.kind === 'refused' || failure.kind === 'local';
      if (!refused) unanswered += recipients.length;
      stoppedBy ??= { ...failure, batch: batch.seq };
      if (refused) store.failBatch(batch.pk, what);
      else store.noteError(batch.pk, what);
    } catch (error) {
      // The record could not be written (a full disk…): plan nothing more, let the batches under way end, then say what went out.
      crash ??= { error };
      if (wentOut && !counted) unanswered += recipients.length;
    }
  };

  while (!stoppedBy && !crash && !context.signal?.aborted) {
    let work: Work | null;
    try {
      work = queue.shift() ?? planNext();
    } catch (error) {
      crash = { error };
      break;
    }
    if (!work) break;
    const promise: Promise<void> = deliverOne(work).finally(() => inflight.delete(promise));
    inflight.add(promise);
    if (inflight.size >= (transport.maxPending ?? transport.maxInFlight)) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  return {
    sentThisRun,
    stoppedBy,
    interrupted: Boolean(context.signal?.aborted) && !stoppedBy && !crash,
    attempted,
    accepted,
    inDoubt: unanswered,
    ...(crash ? { error: crash.error } : {}),
  };
}
