import { describe, expect, it } from 'vitest';
import { FLOOR_MS, MULTIPLE, RequestTimeout, WARMUP_ANSWERS, WINDOW } from '../../src/deliver/timeout.ts';

const DEFAULT_LIMIT = 30_000;

function seen(answersMs: readonly number[], ceiling = DEFAULT_LIMIT): RequestTimeout {
  const timeouts = new RequestTimeout(ceiling);
  for (const ms of answersMs) timeouts.observe(ms);
  return timeouts;
}

describe('the time a request waits for its answer', () => {
  it('is the configured limit until three batches have been accepted', () => {
    expect(WARMUP_ANSWERS).toBe(3);
    expect(seen([]).forAttempt()).toBe(DEFAULT_LIMIT);
    expect(seen([120, 140]).forAttempt()).toBe(DEFAULT_LIMIT);
    expect(seen([120, 140, 130]).forAttempt()).toBeLessThan(DEFAULT_LIMIT);
  });

  it('then follows the answers: three times the slowest recent one, at least 2 s', () => {
    expect([FLOOR_MS, MULTIPLE, WINDOW]).toEqual([2_000, 3, 20]);
    // Answers of a tenth of a second: the floor.
    expect(seen([120, 140, 130]).forAttempt()).toBe(2_000);
    // An API that answers in about a second and a half: 3 × the slowest.
    expect(seen([900, 1_500, 1_200, 1_000]).forAttempt()).toBe(4_500);
  });

  it('is never longer than the configured limit, and a limit under the floor is kept as set', () => {
    expect(seen([9_000, 12_000, 11_000]).forAttempt()).toBe(DEFAULT_LIMIT);
    expect(seen([100, 100, 100], 600).forAttempt()).toBe(600);
    expect(seen([], 600).forAttempt()).toBe(600);
  });

  it('doubles for each attempt of the same batch that was given up, up to the configured limit', () => {
    const timeouts = seen([100, 110, 120]);
    expect([0, 1, 2, 3, 4, 5].map((given) => timeouts.forAttempt(given))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('forgets a slow answer once twenty later ones have come', () => {
    const timeouts = seen([100, 100, 5_000]);
    expect(timeouts.forAttempt()).toBe(15_000);
    for (let i = 0; i < WINDOW - 1; i++) timeouts.observe(150);
    expect(timeouts.forAttempt()).toBe(15_000);
    timeouts.observe(150);
    expect(timeouts.forAttempt()).toBe(2_000);
  });
});
