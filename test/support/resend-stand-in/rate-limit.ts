/**
 * A sliding one-second window: at most `perSecond` requests in any 1000 ms.
 * Requests answered 429 do not count, so a client that waits `retry-after`
 * seconds always gets through.
 */

const WINDOW_MS = 1_000;

export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class SlidingWindowLimiter {
  /** Arrival times of counted requests, oldest first; `head` skips expired ones. */
  private times: number[] = [];
  private head = 0;

  constructor(readonly perSecond: number) {
    if (!Number.isInteger(perSecond) || perSecond < 1) throw new Error('The rate limit must be a positive integer');
  }

  /** Counts the request if there is room, and answers with the headers to send. */
  take(now: number): RateLimitDecision {
    this.expire(now);
    const allowed = this.inWindow() < this.perSecond;
    if (allowed) this.times.push(now);
    const headers = this.headers(now);
    if (!allowed) headers['retry-after'] = headers['ratelimit-reset']!;
    return { allowed, headers };
  }

  /** The headers for an answer that was not counted (e.g. a 401 or an injected 503). */
  peek(now: number): Record<string, string> {
    this.expire(now);
    return this.headers(now);
  }

  private headers(now: number): Record<string, string> {
    return {
      'ratelimit-limit': String(this.perSecond),
      'ratelimit-remaining': String(Math.max(0, this.perSecond - this.inWindow())),
      'ratelimit-reset': String(this.secondsUntilSlotFrees(now)),
    };
  }

  /** Whole seconds until the oldest counted request leaves the window; at least 1. */
  private secondsUntilSlotFrees(now: number): number {
    const oldest = this.times[this.head];
    const ms = oldest === undefined ? WINDOW_MS : oldest + WINDOW_MS - now;
    return Math.max(1, Math.ceil(ms / 1000));
  }

  private inWindow(): number {
    return this.times.length - this.head;
  }

  private expire(now: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= now - WINDOW_MS) this.head += 1;
    // Compact now and then so the array does not grow for the server's life.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}
