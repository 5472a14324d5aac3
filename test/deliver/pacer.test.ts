import { describe, expect, it } from 'vitest';
import { Pacer, retryAfterMs, type PacerClock, type Ticket } from '../../src/deliver/pacer.ts';

/** A manual clock: time moves only when the test says so. */
function fakeClock() {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let nextId = 1;
  const clock: PacerClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      const index = timers.findIndex((t) => t.id === id);
      if (index >= 0) timers.splice(index, 1);
    },
  };
  const advance = async (ms: number) => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      now = next.at;
      next.fn();
      await flush();
    }
    now = end;
    await flush();
  };
  return { clock, advance, time: () => now };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Starts `count` acquisitions and records when each was granted. */
function requestMany(pacer: Pacer, count: number, time: () => number) {
  const granted: Array<{ at: number; ticket: Ticket }> = [];
  for (let i = 0; i < count; i++) void pacer.acquire().then((ticket) => granted.push({ at: time(), ticket }));
  return granted;
}

const limited = (limit: number) => ({ status: 200, headers: { 'ratelimit-limit': String(limit), 'ratelimit-remaining': '0', 'ratelimit-reset': '1' } });

describe('Pacer', () => {
  it('sends one request until the first answer tells the limit', async () => {
    const { clock, advance, time } = fakeClock();
    const pacer = new Pacer({ maxInFlight: 10, clock });
    const granted = requestMany(pacer, 5, time);
    await flush();
    expect(granted).toHaveLength(1);
    await advance(30);
    granted[0]!.ticket.done(limited(3));
    await flush();
    // Limit 3: the answered request still counts, so two more may start now.
    expect(granted).toHaveLength(3);
    expect(pacer.limit).toBe(3);
  });

  it('never lets more than `limit` requests count within a window, measured from their answers', async () => {
    const { clock, advance, time } = fakeClock();
    const pacer = new Pacer({ maxInFlight: 10, clock, limit: 2 });
    const granted = requestMany(pacer, 6, time);
    await flush();
    expect(granted.map((g) => g.at)).toEqual([0, 0]);
    await advance(50);
    granted[0]!.ticket.done(limited(2));
    granted[1]!.ticket.done(limited(2));
    await flush();
    await advance(999);
    expect(granted).toHaveLength(2);
    await advance(10);
    // Each slot frees one window after its answer (50 + 1000), not after its start.
    expect(granted.map((g) => g.at)).toEqual([0, 0, 1050, 1050]);
    await advance(40); // t = 1099
    granted[2]!.ticket.done(limited(2));
    await flush();
    await advance(1100);
    expect(granted.map((g) => g.at).slice(4)).toEqual([2099]);
  });

  it('waits for an in-flight answer rather than a clock when every slot is in flight', async () => {
    const { clock, advance, time } = fakeClock();
    const pacer = new Pacer({ maxInFlight: 10, clock, limit: 1 });
    const granted = requestMany(pacer, 2, time);
    await advance(5000);
    expect(granted).toHaveLength(1);
    granted[0]!.ticket.done(limited(1));
    await advance(1001);
    expect(granted).toHaveLength(2);
  });

  it('keeps to maxInFlight when the API does not limit', async () => {
    const { clock, time } = fakeClock();
    const pacer = new Pacer({ maxInFlight: 2, clock });
    const granted = requestMany(pacer, 5, time);
    await flush();
    expect(granted).toHaveLength(1);
    granted[0]!.ticket.done({ status: 200, headers: {} });
    await flush();
    expect(granted).toHaveLength(3);
    expect(pacer.limit).toBeNull();
  });

  it('holds every request for retry-after after a 429, and counts it as unexpected once the limit was known', async () => {
    const { clock, advance, time } = fakeClock();
    const pacer = new Pacer({ maxInFlight: 10, clock, limit: 5 });
    const granted = requestMany(pacer, 2, time);
    await flush();
    granted[0]!.ticket.done({ status: 429, headers: { 'ratelimit-limit': '5', 'retry-after': '2' } });
    granted[1]!.ticket.done(limited(5));
    const later = requestMany(pacer, 1, time);
    await advance(1999);
    expect(later).toHaveLength(0);
    await advance(10);
    expect(later).toHaveLength(1);
    expect(pacer.unexpected429s).toBe(1);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds or an HTTP date', () => {
    expect(retryAfterMs({ 'retry-after': '3' })).toBe(3000);
    expect(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, 4_000)).toBe(6000);
    expect(retryAfterMs({})).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
