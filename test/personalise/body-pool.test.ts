import { describe, expect, it } from 'vitest';
import { BodyPool } from '../../src/personalise/body-pool.ts';

describe('BodyPool', () => {
  it('lends a buffer of exactly the size asked for', () => {
    expect(new BodyPool().take(1234)).toHaveLength(1234);
  });

  it('reuses the memory of a body given back, for a body of the same size or smaller', () => {
    const pool = new BodyPool();
    const first = pool.take(1000);
    pool.give(first);
    const second = pool.take(900);
    expect(second.buffer).toBe(first.buffer);
    expect(second).toHaveLength(900);
  });

  it('never lends the same memory twice at once', () => {
    const pool = new BodyPool();
    const a = pool.take(100);
    const b = pool.take(100);
    expect(b.buffer).not.toBe(a.buffer);
    pool.give(a);
    pool.give(a); // a second give must not put it in the pool twice
    const c = pool.take(100);
    const d = pool.take(100);
    expect(c.buffer).toBe(a.buffer);
    expect(d.buffer).not.toBe(a.buffer);
  });

  it('ignores buffers it did not lend', () => {
    const pool = new BodyPool();
    pool.give(Buffer.alloc(10));
    expect(pool.freeCount).toBe(0);
  });

  it('keeps at most maxFree buffers for reuse', () => {
    const pool = new BodyPool(2);
    const bodies = [pool.take(10), pool.take(10), pool.take(10)];
    for (const body of bodies) pool.give(body);
    expect(pool.freeCount).toBe(2);
  });

  it('drops a free buffer too small for the next body instead of keeping both', () => {
    const pool = new BodyPool();
    pool.give(pool.take(10));
    const big = pool.take(10_000);
    expect(big).toHaveLength(10_000);
    expect(pool.freeCount).toBe(0);
  });
});
