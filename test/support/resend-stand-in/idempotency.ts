/**
 * Idempotency keys as Resend documents them (the spec only names the header):
 * 1 to 256 characters; the same key with the same request replays the stored
 * answer; with another request it is 409 `invalid_idempotent_request`; while
 * the first request with the key is still in flight, 409
 * `concurrent_idempotent_requests`. Resend keeps keys 24 hours; the stand-in
 * keeps them for its whole life.
 *
 * Only successful (2xx) answers are stored: after a 422 or any failure the key
 * is released, so the client can correct the request and reuse the key.
 */
import { createHash } from 'node:crypto';
import {
  ApiError,
  concurrentIdempotentRequests,
  invalidIdempotencyKey,
  invalidIdempotentRequest,
} from './errors.ts';

export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;

export interface StoredAnswer {
  status: number;
  body: string;
}

interface Entry {
  fingerprint: string;
  answer: StoredAnswer | null;
  inFlight: boolean;
}

export type IdempotencyOutcome =
  | { kind: 'new'; claim: IdempotencyClaim }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'refused'; error: ApiError };

/** Held by the request that first used a key, until its answer has gone out. */
export interface IdempotencyClaim {
  /** Keeps the answer for replays, if it is a success. Call once the request was processed. */
  store(answer: StoredAnswer): void;
  /** The answer went out (or the connection was destroyed): the key is no longer in flight. */
  finish(): void;
}

export class IdempotencyStore {
  private entries = new Map<string, Entry>();

  get size(): number {
    return this.entries.size;
  }

  begin(key: string, method: string, path: string, body: Buffer): IdempotencyOutcome {
    if (key.length < 1 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) return { kind: 'refused', error: invalidIdempotencyKey() };
    const fingerprint = fingerprintOf(method, path, body);
    const existing = this.entries.get(key);
    if (existing) return this.reuse(existing, fingerprint);
    const entry: Entry = { fingerprint, answer: null, inFlight: true };
    this.entries.set(key, entry);
    return { kind: 'new', claim: this.claimFor(key, entry) };
  }

  clear(): void {
    this.entries.clear();
  }

  private reuse(entry: Entry, fingerprint: string): IdempotencyOutcome {
    if (entry.fingerprint !== fingerprint) return { kind: 'refused', error: invalidIdempotentRequest() };
    if (entry.inFlight || !entry.answer) return { kind: 'refused', error: concurrentIdempotentRequests() };
    return { kind: 'replay', answer: entry.answer };
  }

  private claimFor(key: string, entry: Entry): IdempotencyClaim {
    return {
      store: (answer) => {
        if (answer.status >= 200 && answer.status < 300) entry.answer = answer;
      },
      finish: () => {
        entry.inFlight = false;
        // A failed request leaves nothing to replay: release the key.
        if (!entry.answer && this.entries.get(key) === entry) this.entries.delete(key);
      },
    };
  }
}

/** Same endpoint and byte-identical body: what "the same request" means here. */
function fingerprintOf(method: string, path: string, body: Buffer): string {
  return createHash('sha256').update(`${method} ${path}\n`).update(body).digest('base64');
}
