/**
 * Pacing for a per-second rate limit learned from the API's own headers
 * (`ratelimit-limit`, `retry-after`), not a fixed delay.
 *
 * The rule, which needs no clock shared with the server: a request counts
 * against the window from the moment it starts until one window after its
 * answer came back. The server saw it arrive somewhere in between, so
 * counting it that long can never undercount; with at most `limit` requests
 * counted at any time, a single sender never meets a 429 once the limit is
 * known. Until the first answer, one request goes at a time (it tells us the
 * limit); an API that sends no rate-limit headers is not paced at all.
 */

export type PacerClock = Readonly<{
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}>;

export const systemClock: PacerClock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export type PacerOptions = Readonly<{
  /** Most requests in flight at once. */
  maxInFlight: number;
  /** The window the limit applies to. Resend: one second. */
  windowMs?: number;
  /** A limit known in advance (otherwise learned from the first answer). */
  limit?: number | null;
  clock?: PacerClock;
}>;

/** Header values, by lower-case name, as the SDK hands them back. */
export type ResponseHeaders = Readonly<Record<string, string>> | null | undefined;

/** What an answer says about pacing. */
export type PacingFeedback = Readonly<{ status: number | null; headers: ResponseHeaders }>;

export interface Ticket {
  /** The answer (or the failure) is in: frees the slot after one window. */
  done(feedback: PacingFeedback): void;
  /** No request went out after all: frees the slot at once. */
  release(): void;
}

/** `retry-after` in seconds or as an HTTP date, in ms; undefined if absent. */
export function retryAfterMs(headers: ResponseHeaders, now = Date.now()): number | undefined {
  const value = headers?.['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export class Pacer {
  private limitValue: number | null;
  private learned: boolean;
  private inFlight = 0;
  /** Answer times still inside the window, oldest first. */
  private answered: number[] = [];
  private pausedUntil = 0;
  private readonly waiters: Array<() => void> = [];
  private timer: unknown = null;
  private timerAt = Infinity;
  private readonly windowMs: number;
  private readonly clock: PacerClock;
  private readonly maxInFlight: number;
  /** 429s met after the limit was known (should stay 0 for a single sender). */
  unexpected429s = 0;

  constructor(options: PacerOptions) {
    this.maxInFlight = Math.max(1, options.maxInFlight);
    this.windowMs = options.windowMs ?? 1000;
    this.clock = options.clock ?? systemClock;
    this.limitValue = options.limit ?? null;
    this.learned = options.limit != null;
  }

  /** Requests per window, once known; null when unknown or not limited. */
  get limit(): number | null {
    return this.limitValue;
  }

  /** Waits for a slot; the returned ticket must be settled with `done`. */
  acquire(): Promise<Ticket> {
    return new Promise((resolve) => {
      this.waiters.push(() => resolve(this.ticket()));
      this.pump();
    });
  }

  private ticket(): Ticket {
    this.inFlight++;
    let settled = false;
    return {
      done: (feedback) => {
        if (settled) return;
        settled = true;
        this.inFlight--;
        this.answered.push(this.clock.now());
        this.observe(feedback);
        // Let the answer's own consequences (a batch that stops the campaign) settle before the next request may start.
        setImmediate(() => this.pump());
      },
      release: () => {
        if (settled) return;
        settled = true;
        this.inFlight--;
        this.pump();
      },
    };
  }

  private observe({ status, headers }: PacingFeedback): void {
    const limit = positiveInt(headers?.['ratelimit-limit']);
    if (status === 429) {
      if (this.learned && this.limitValue !== null) this.unexpected429s++;
      const wait = retryAfterMs(headers) ?? (positiveInt(headers?.['ratelimit-reset']) ?? 1) * 1000;
      this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + wait);
    }
    if (limit !== undefined) {
      this.limitValue = limit;
      this.learned = true;
    } else if (!this.learned && status !== null) {
      // An answer without rate-limit headers: this API does not limit us.
      this.learned = true;
    }
  }

  /** When the next request may start (Infinity: wait for an answer). */
  private nextStart(now: number): number {
    if (this.inFlight >= this.maxInFlight) return Infinity;
    if (!this.learned && this.inFlight > 0) return Infinity;
    while (this.answered.length > 0 && this.answered[0]! <= now - this.windowMs) this.answered.shift();
    let at = Math.max(now, this.pausedUntil);
    if (this.limitValue !== null) {
      const counted = this.inFlight + this.answered.length;
      if (counted >= this.limitValue) {
        // Some slot frees only when an answer leaves the window, or an answer arrives.
        const index = counted - this.limitValue;
        if (index >= this.answered.length) return Infinity;
        at = Math.max(at, this.answered[index]! + this.windowMs);
      }
    }
    return at;
  }

  private pump(): void {
    for (;;) {
      if (this.waiters.length === 0) return this.clearTimer();
      const now = this.clock.now();
      const at = this.nextStart(now);
      if (at > now) return this.wakeAt(at);
      this.waiters.shift()!();
    }
  }

  private wakeAt(at: number): void {
    if (at === Infinity) return this.clearTimer();
    if (this.timer !== null && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(0, Math.ceil(at - this.clock.now())));
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }
}
