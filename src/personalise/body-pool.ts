/**
 * Reusable memory for batch request bodies. A 100-email body is about 4 MB.
 * Allocated afresh for every batch, such buffers are freed only when V8 next
 * collects garbage, and V8 waits for about 64 MB of them before it does: a
 * fifth of a million-row campaign's 300 MB budget spent on bodies already
 * sent. Bodies written into pooled buffers, and given back once the API has
 * accepted them, keep that to the few batches in flight.
 */

/** Room for a somewhat larger batch than the one that allocated the buffer. */
const HEADROOM = 1.25;

export class BodyPool {
  readonly #free: Buffer[] = [];
  /** Each body handed out, to the whole buffer it is a view of. */
  readonly #lent = new WeakMap<Uint8Array, Buffer>();
  readonly #maxFree: number;

  /** @param maxFree Buffers kept for reuse; more given back are left to the garbage collector. Default 4. */
  constructor(maxFree = 4) {
    this.#maxFree = maxFree;
  }

  /** A buffer of exactly `size` bytes, reused when one is free; its contents are whatever was there. */
  take(size: number): Buffer {
    const index = this.#free.findIndex((buffer) => buffer.length >= size);
    // A free buffer too small for this body is dropped rather than kept beside a bigger one.
    const whole = index >= 0 ? this.#free.splice(index, 1)[0]! : (this.#free.shift(), Buffer.allocUnsafeSlow(Math.ceil(size * HEADROOM)));
    const body = whole.subarray(0, size);
    this.#lent.set(body, whole);
    return body;
  }

  /**
   * Takes back a body from `take` once nothing reads it any more (the request
   * that carried it has been answered). Anything else, or a second call for
   * the same body, is ignored.
   */
  give(body: Uint8Array): void {
    const whole = this.#lent.get(body);
    if (!whole) return;
    this.#lent.delete(body);
    if (this.#free.length < this.#maxFree) this.#free.push(whole);
  }

  /** Buffers waiting to be reused (for tests). */
  get freeCount(): number {
    return this.#free.length;
  }
}
