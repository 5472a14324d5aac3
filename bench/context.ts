/** What every measurement gets from the runner. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type BenchContext = Readonly<{
  /** `--quick`: a few seconds, for the test suite; the numbers mean little. */
  quick: boolean;
  /** Progress lines (stderr), so stdout stays the table. */
  log: (message: string) => void;
}>;

/** The repository root (the runner is started from anywhere). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The reference issue every measurement renders. */
export const SAMPLE_ISSUE = path.join(ROOT, 'content/issues/2024-09-23-podcast-advocacy-updates.yaml');

/** Signs the benchmark's unsubscribe links; a fixed value, not a secret anything trusts. */
export const BENCH_SECRET = 'dispatch-benchmark-unsubscribe-secret-not-for-production';
