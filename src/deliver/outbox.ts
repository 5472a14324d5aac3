/**
 * The outbox transport: one RFC 5322 `.eml` file per recipient under
 * `outbox/<campaign>/`, each filled from its plan and built by nodemailer's MailComposer, so a campaign can
 * be rehearsed (and opened in any mail client) with nothing configured.
 * Files are written to a temporary name and renamed, so a kill never leaves
 * half a message; they are readable by the owner only (they hold addresses).
 */
import { accessSync, constants, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DispatchError } from '../errors/errors.ts';
// nodemailer is loaded on the first message only: a Resend send never needs it.
let mime: Promise<typeof import('./mime.ts')> | undefined;
const loadMime = () => (mime ??= import('./mime.ts'));
import type { DeliveryResult, DeliveryHooks, OutgoingBatch, Transport } from './transport.ts';

export type OutboxOptions = Readonly<{
  /** The campaign's folder, e.g. `outbox/2024-09-23-podcast`. */
  dir: string;
  /** Names the messages' Message-IDs (`<id>.<campaign>@domain`). */
  campaignId: string;
  /** Date header. Default: now, per message. */
  date?: () => Date;
}>;

/** `00012-amina.rahman@example.org.eml`: sorted in audience order, readable, safe on every file system. */
export function emlFileName(id: number, address: string): string {
  return `${String(id).padStart(6, '0')}-${address.replace(/[^a-z0-9@._+-]/gi, '_').slice(0, 120)}.eml`;
}

/** Creates the folder (0700) and checks it is writable, before anything is "sent". */
export function prepareOutbox(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DispatchError(`cannot write to the outbox folder ${dir} (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code})`, {
      hint: 'choose a writable folder with --outbox DIR',
      cause: error,
    });
  }
  // Leftovers of a run killed mid-write: never complete messages.
  for (const name of readdirSync(dir)) if (name.includes('.eml.tmp-')) rmSync(path.join(dir, name), { force: true });
}

/** Removes every message of a previous rehearsal (the issue changed). */
export function clearOutbox(dir: string): void {
  try {
    for (const name of readdirSync(dir)) if (name.endsWith('.eml') || name.includes('.eml.tmp-')) rmSync(path.join(dir, name), { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export function createOutboxTransport(options: OutboxOptions): Transport {
  const dir = options.dir;
  prepareOutbox(dir);
  return {
    name: 'outbox',
    maxBatchSize: 100,
    maxInFlight: 1,
    knownRateLimit: () => null,
    async deliver(batch: OutgoingBatch, hooks: DeliveryHooks): Promise<DeliveryResult> {
      if (hooks.cancelled?.()) return { ok: false, kind: 'cancelled', status: null, name: 'cancelled', message: 'the campaign stopped before this batch was written', hint: 'run the same command again to resume' };
      hooks.beforeAttempt({ attempt: 1 });
      try {
        const { buildEml, domainOf } = await loadMime();
        const files = await Promise.all(
          batch.messages.map(async (plan, index) => {
            const id = batch.ids[index]!;
            const email = batch.encoder.email(plan);
            const eml = await buildEml(email, { messageId: `${id}.${options.campaignId}@${domainOf(email.from)}`, date: options.date?.() });
            const file = path.join(dir, emlFileName(id, email.to));
            const temporary = `${file}.tmp-${process.pid}`;
            await writeFile(temporary, eml, { mode: 0o600 });
            await rename(temporary, file);
            return file;
          }),
        );
        return { ok: true, ids: files };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        return { ok: false, kind: 'local', status: null, name: code, message: `cannot write to ${dir}: ${(error as Error).message}`, hint: 'check the disk space and the folder permissions, then run again' };
      }
    },
  };
}
