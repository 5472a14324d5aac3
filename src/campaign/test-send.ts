/**
 * `--test-to`: the issue as subscribers will get it, subject prefixed
 * `[TEST] `, to a few named addresses, outside the campaign's records (no
 * record is read or written, and the campaign's recipients get nothing).
 * When an audience is given, a listed address that is in it gets its merge
 * fields, so the test shows what that subscriber would see.
 */
import { randomUUID } from 'node:crypto';
import { readAudience } from '../audience/audience.ts';
import type { CompiledMessage } from '../personalise/personalise.ts';
import type { MessageEncoder } from '../personalise/message-encoder.ts';
import type { DeliveryResult, Transport } from '../deliver/transport.ts';

export const TEST_SUBJECT_PREFIX = '[TEST] ';

/** Merge fields of the listed addresses, from the audience file (first row wins). */
export async function fieldsFromAudience(file: string | undefined, addresses: readonly string[]): Promise<Map<string, Readonly<Record<string, string>>>> {
  const found = new Map<string, Readonly<Record<string, string>>>();
  if (!file) return found;
  const wanted = new Set(addresses);
  const audience = await readAudience(file);
  for await (const entry of audience.entries) {
    if (entry.kind === 'row' && wanted.has(entry.email) && !found.has(entry.email)) found.set(entry.email, entry.fields);
  }
  return found;
}

export async function sendTest(
  transport: Transport,
  message: CompiledMessage,
  encoder: MessageEncoder,
  addresses: readonly string[],
  fields: ReadonlyMap<string, Readonly<Record<string, string>>>,
  scheduledAt?: string,
): Promise<DeliveryResult> {
  const messages = addresses.map((email) => message.plan({ email, fields: fields.get(email) ?? {} }));
  // A fresh key per test run: retries within the run are deduplicated, a new test goes out again.
  return transport.deliver(
    { idempotencyKey: `dispatch-test-${randomUUID()}`, messages, ids: addresses.map((_, index) => index + 1), ...(scheduledAt ? { scheduledAt } : {}), encoder },
    { beforeAttempt: () => {} },
  );
}
