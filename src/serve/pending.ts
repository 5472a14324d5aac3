/**
 * Suppression writes that must not wait on, nor be lost to, another process
 * holding the record's write lock (a send, an export, someone in sqlite3).
 *
 * better-sqlite3 is synchronous: with a busy timeout, a locked record would
 * freeze the whole event loop (every request, /healthz included) and, past the
 * timeout, fail the write. So serve's connection has no busy timeout: a write
 * either succeeds at once or gets SQLITE_BUSY. On SQLITE_BUSY the write is
 * appended to a journal beside the record (`<record>.pending`, 0600) and
 * fsync'd before the request is answered 200, then written to the record as
 * soon as the lock frees (retried with backoff), and at the next start if serve
 * stopped first.
 *
 * Why a journal rather than waiting and answering 503 with Retry-After: a
 * reader clicking the page's button gets no retry, and an unsubscribe must
 * never be lost; a 200 for a durably queued write is as safe as one for a
 * committed row. Writes are idempotent (first reason per address,
 * once per svix-id), so a journal replayed after a crash changes nothing twice.
 */
import { closeSync, fsyncSync, openSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { failFastOnLock, type Db } from '../store/db.ts';
import { addSuppression, type Suppression } from '../suppressions/suppressions.ts';
import type { EmailEvent } from '../results/resend-event.ts';
import { applyWebhook, type Planned, type WebhookOutcome } from './webhook.ts';

export type PendingWrite =
  | Readonly<{ kind: 'unsubscribe'; entry: Suppression }>
  | Readonly<{ kind: 'webhook'; svixId: string; type: string; planned: readonly Planned[]; time: string; event?: EmailEvent | null }>;

export type WriteOutcome = { kind: 'unsubscribe'; added: boolean } | Exclude<WebhookOutcome, { kind: 'invalid' }>;

export type WriteResult = { queued: false; outcome: WriteOutcome } | { queued: true };

export type SuppressionWriter = Readonly<{
  /** Resolves once the write is in the record or durably queued; rejects only when it is neither. */
  write: (write: PendingWrite) => Promise<WriteResult>;
  /** Writes waiting for the lock. */
  pending: () => number;
  /** Stops retrying after one last attempt; what is still queued stays in the journal for the next start. */
  close: () => Promise<void>;
}>;

/** Retry waits while the record is locked: from 50 ms, doubling, at most 1 s. */
const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 1_000;

const isLocked = (error: unknown) => /^SQLITE_(BUSY|LOCKED)/.test((error as { code?: string }).code ?? '');

/** The journal beside a record file; none for an in-memory record. */
export const journalPath = (db: Db): string | null => (db.memory ? null : `${db.name}.pending`);

function apply(db: Db, write: PendingWrite): WriteOutcome {
  if (write.kind === 'unsubscribe') return { kind: 'unsubscribe', added: addSuppression(db, write.entry) };
  return applyWebhook(db, write.svixId, write.type, write.planned, write.time, write.event);
}

/** Journal lines; a torn last line (a crash mid-append, never answered 200) is skipped. Each entry starts a new line, so a torn one never swallows the next. */
function readJournal(file: string): PendingWrite[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const writes: PendingWrite[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      writes.push(JSON.parse(line) as PendingWrite);
    } catch {
      // torn by a crash before its fsync: never acknowledged
    }
  }
  return writes;
}

function syncDir(file: string): void {
  const fd = openSync(path.dirname(path.resolve(file)), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Sets the connection's busy timeout to 0 (see above) and replays any journal
 * left by an earlier run.
 */
export function createSuppressionWriter(db: Db, log: (line: string) => void = () => {}): SuppressionWriter {
  failFastOnLock(db);
  const journal = journalPath(db);
  let queue: PendingWrite[] = journal ? readJournal(journal) : [];
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let delay = FIRST_RETRY_MS;
  let closed = false;

  /** One at a time: appends, replays and direct writes never interleave. */
  function serial<T>(task: () => T | Promise<T>): Promise<T> {
    const run = chain.then(task);
    chain = run.catch(() => {});
    return run;
  }

  /** Writes the whole queue in one transaction; false while the record is locked. */
  function replay(): boolean {
    if (queue.length === 0) return true;
    try {
      db.transaction(() => queue.forEach((write) => apply(db, write))).immediate();
    } catch (error) {
      if (isLocked(error)) return false;
      log(`queued: ${queue.length} could not be written (${(error as Error).message}); retrying`);
      return false;
    }
    log(`queued: ${queue.length} written to the record`);
    queue = [];
    if (journal) {
      rmSync(journal, { force: true });
      syncDir(journal);
    }
    return true;
  }

  function schedule(): void {
    if (closed || timer || queue.length === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void serial(() => {
        if (replay()) delay = FIRST_RETRY_MS;
        else {
          delay = Math.min(delay * 2, MAX_RETRY_MS);
          schedule();
        }
      });
    }, delay);
  }

  async function append(write: PendingWrite): Promise<void> {
    if (!journal) throw new Error('the in-memory record is locked and has no journal');
    const handle = await open(journal, 'a', 0o600);
    try {
      await handle.appendFile(`\n${JSON.stringify(write)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The journal's name must survive a power cut too.
    syncDir(journal);
  }

  if (queue.length > 0) {
    log(`queued: ${queue.length} left by an earlier run`);
    void serial(() => replay() || schedule());
  }

  return {
    write: (write) =>
      serial(async (): Promise<WriteResult> => {
        // Behind earlier queued writes, in order: the first reason recorded for an address is the one kept.
        if (replay()) {
          try {
            return { queued: false, outcome: db.transaction(() => apply(db, write)).immediate() };
          } catch (error) {
            if (!isLocked(error)) throw error;
          }
        }
        await append(write);
        queue.push(write);
        schedule();
        return { queued: true };
      }),
    pending: () => queue.length,
    close: () =>
      serial(() => {
        closed = true;
        clearTimeout(timer);
        timer = undefined;
        if (!replay()) log(`queued: ${queue.length} not yet written (the record is still locked); ${journal} is written when serve next starts`);
      }),
  };
}
