/**
 * Failure injection. Which requests fail is decided when a request arrives,
 * from the `failNext` queue first and then from a seeded random draw, so a
 * test with a fixed seed sees the same failures on every run.
 *
 * Semantics of each kind (the request log records the kind in `fault`):
 * - `500`, `503`: answered at once with that status and a JSON error; the
 *   request is NOT processed (nothing recorded, idempotency key not used).
 * - `drop`: the socket is destroyed without an answer; NOT processed.
 * - `slow`: the request IS processed at once (emails recorded, idempotency
 *   response stored) but the answer is held back for `slowMs`. Until the answer
 *   goes out the idempotency key counts as in flight, so a retry with the same
 *   key gets 409 `concurrent_idempotent_requests`; after it, the stored answer.
 * - `lost`: the request IS processed and its answer stored for idempotency,
 *   then the connection is destroyed, so the client never sees the answer. A
 *   retry with the same key gets the stored answer (same ids).
 * - `hold`: like `slow`, but the answer waits until the test calls
 *   `releaseHeldAnswers()` (or closes the stand-in), so a test can act while
 *   the API holds an answer without racing a timer. Only from `failNext`: a
 *   random draw never picks it.
 * - `429`: answered at once with 429 `rate_limit_exceeded` and `retry-after: 1`
 *   whatever the rate limit; NOT processed (the request does not count
 *   against the limit either). Only when asked for: not among the default kinds.
 *
 * A `failNext` fault may name the requests it is for (`{ method, path }`, the
 * path with `{id}`-style placeholders matching one segment): it then waits in
 * the queue for the first such request, and others pass it by.
 */
import { seededRandom } from '../seeded-random.ts';

export type FaultKind = 429 | 500 | 503 | 'drop' | 'slow' | 'lost' | 'hold';
/** `'429'`, `'500'` and `'503'` are accepted as spellings of 429, 500 and 503. */
export type FaultKindInput = FaultKind | '429' | '500' | '503';

/** The requests a queued fault is for: a method, a path (`/broadcasts/{id}/send`), or both. */
export interface FaultTarget {
  method?: string;
  path?: string;
}

/** The kinds a random draw chooses from by default (`hold` would wait for a test that is not there). */
export const ALL_FAULT_KINDS: readonly FaultKind[] = [500, 503, 'drop', 'slow', 'lost'];
export const DEFAULT_SLOW_MS = 2_000;

export interface FaultOptions {
  /** Fraction of requests, 0 to 1, that fail. */
  rate: number;
  /** Kinds to choose from, uniformly; default all five. */
  kinds?: readonly FaultKindInput[];
  /** Seed of the random draw; the same seed gives the same failures. Default 1. */
  seed?: number;
  /** How long a `slow` answer is held back, in ms; default 2000. */
  slowMs?: number;
}

export function normaliseFaultKind(kind: FaultKindInput): FaultKind {
  if (kind === '500' || kind === 500) return 500;
  if (kind === '503' || kind === 503) return 503;
  if (kind === '429' || kind === 429) return 429;
  if (kind === 'drop' || kind === 'slow' || kind === 'lost' || kind === 'hold') return kind;
  throw new Error(`Unknown fault kind: ${String(kind)}`);
}


export class FaultPlan {
  slowMs = DEFAULT_SLOW_MS;
  private queued: Array<{ kind: FaultKind; matches: (request: { method: string; path: string }) => boolean }> = [];
  private random: { rate: number; kinds: FaultKind[]; next: () => number } | null = null;

  configure(options: FaultOptions | null): void {
    if (!options) {
      this.random = null;
      return;
    }
    if (!(options.rate >= 0 && options.rate <= 1)) throw new Error('Fault rate must be between 0 and 1');
    const kinds = (options.kinds ?? ALL_FAULT_KINDS).map(normaliseFaultKind);
    if (kinds.length === 0) throw new Error('At least one fault kind is needed');
    if (kinds.includes('hold')) throw new Error("'hold' waits for releaseHeldAnswers(): queue it with failNext, not as a random fault");
    this.random = { rate: options.rate, kinds, next: seededRandom(options.seed ?? 1) };
    if (options.slowMs !== undefined) this.slowMs = options.slowMs;
  }

  failNext(count: number, kind: FaultKindInput, target: FaultTarget = {}): void {
    const normalised = normaliseFaultKind(kind);
    const matches = matcherFor(target);
    for (let i = 0; i < count; i += 1) this.queued.push({ kind: normalised, matches });
  }

  /** The fault for the request that just arrived, or null. */
  draw(request: { method: string; path: string } = { method: '', path: '' }): FaultKind | null {
    const index = this.queued.findIndex((queued) => queued.matches(request));
    if (index >= 0) return this.queued.splice(index, 1)[0]!.kind;
    if (!this.random || this.random.rate === 0) return null;
    if (this.random.next() >= this.random.rate) return null;
    const { kinds, next } = this.random;
    return kinds[Math.floor(next() * kinds.length)] ?? null;
  }

  /** Forgets the `failNext` faults not yet used; answers how many there were. */
  dropQueued(): number {
    const count = this.queued.length;
    this.queued = [];
    return count;
  }

  clear(): void {
    this.queued = [];
    this.random = null;
  }
}

function matcherFor(target: FaultTarget): (request: { method: string; path: string }) => boolean {
  const method = target.method?.toUpperCase();
  const path =
    target.path === undefined
      ? undefined
      : new RegExp(`^${target.path.split(/\{[^/}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}/?$`);
  return (request) => (method === undefined || request.method.toUpperCase() === method) && (path === undefined || path.test(request.path));
}
