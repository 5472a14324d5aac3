/**
 * Timing: warm-up, then timed rounds in which every contender runs once,
 * alternating the order round by round (A B, B A, …) so that drift on a shared
 * machine (another process, a GC, frequency scaling) hits all of them alike.
 */

export type Stats = Readonly<{ median: number; p90: number; mean: number; min: number; max: number; n: number }>;

/** Nearest-rank percentile of sorted samples (`p` in 0..1). */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}

/** Median (mean of the two middle samples when even), p90, mean, min, max. */
export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const middle = Math.floor(n / 2);
  const median = n === 0 ? Number.NaN : n % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const mean = n === 0 ? Number.NaN : sorted.reduce((sum, v) => sum + v, 0) / n;
  return { median, p90: percentile(sorted, 0.9), mean, min: sorted[0] ?? Number.NaN, max: sorted[n - 1] ?? Number.NaN, n };
}

export type Contender = Readonly<{
  name: string;
  /** Items one call handles (recipients, say): samples are per item. Default 1. */
  items?: number;
  /** One call; may be async. Its result is kept from the optimiser by `sink`. */
  run: (round: number) => unknown;
}>;

export type AlternateOptions = Readonly<{ warmup: number; rounds: number }>;

let sinkValue = 0;
/** Consumes a result so the work that made it cannot be optimised away. */
export function sink(value: unknown): void {
  if (typeof value === 'string') sinkValue += value.length;
  else if (typeof value === 'number') sinkValue += value;
  else if (value) sinkValue += 1;
}
/** What `sink` has seen (printed in the JSON so it is observably used). */
export const sinkTotal = () => sinkValue;

/** Milliseconds since an `hrtime.bigint()` reading. */
export const msSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * Runs the contenders `warmup` rounds untimed, then `rounds` timed rounds,
 * alternating their order each round. Returns milliseconds per item, per contender.
 */
export async function alternate(contenders: readonly Contender[], { warmup, rounds }: AlternateOptions): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const reversed = [...contenders].reverse();
  for (let round = -warmup; round < rounds; round++) {
    const order = round % 2 === 0 ? contenders : reversed;
    for (const contender of order) {
      const start = process.hrtime.bigint();
      const result = contender.run(round);
      sink(result instanceof Promise ? await result : result);
      const elapsed = msSince(start);
      if (round >= 0) samples.get(contender.name)!.push(elapsed / (contender.items ?? 1));
    }
  }
  return samples;
}
