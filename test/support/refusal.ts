/** What every refusal must look like: exit 2, a message naming where, no stack trace, nothing sent. */
import { readdirSync } from 'node:fs';
import { expect } from 'vitest';
import type { StandIn } from './resend-stand-in/index.ts';

export type Outcome = Readonly<{ code: number | null; stdout: string; stderr: string }>;

const STACK = /\n\s+at |\bat .*\.(ts|js):\d+:\d+/;

/** Messages under `dir`; a folder that was never created (or cannot be: a file is in the way) holds none. Any other error is the test's to see. */
function messagesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true }).map(String).filter((name) => name.endsWith('.eml'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

/**
 * exit 2; the first `error:` line matches `where` (the file, line or field)
 * and says what to do; every error line is one line; no stack trace; the
 * stand-in (for commands that reach the API) got no email request and the
 * outbox the run was given holds no message. The outbox is required: a
 * refusal proves it wrote nothing only where it is looked for (a run with no
 * --outbox writes to ./outbox, so give it a workspace's).
 */
export function expectRefused(result: Outcome, where: RegExp, options: { standIn?: StandIn; outbox: string; what?: RegExp }): void {
  const context = `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
  expect(result.code, context).toBe(2);
  const errors = result.stderr.split('\n').filter((line) => line.startsWith('error: '));
  expect(errors.length, context).toBeGreaterThan(0);
  expect(errors[0], context).toMatch(where);
  if (options.what) expect(errors.join('\n'), context).toMatch(options.what);
  expect(result.stderr + result.stdout, context).not.toMatch(STACK);
  // Each error is one line: no message spills onto an unprefixed line.
  const stray = result.stderr.split('\n').filter((line) => line.trim() !== '' && !/^(error|warning|note): /.test(line));
  expect(stray, context).toEqual([]);
  if (options.standIn) expect(options.standIn.requests.filter((r) => r.path.startsWith('/emails')), context).toHaveLength(0);
  expect(messagesIn(options.outbox), context).toEqual([]);
}

/** Same, and the message must carry a hint: `(…)` after the message, or a summary line saying what to do. */
export const SAYS_WHAT_TO_DO = /\(.+\)|fix (it|them)|run again|choose|set |use |check |save |add |remove |write |give |pass |wait /i;
