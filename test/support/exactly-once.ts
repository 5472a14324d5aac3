/** Exactly once, as the API saw it. */
import { expect } from 'vitest';
import type { StandIn } from './resend-stand-in/index.ts';

/** The stand-in holds emails for exactly `rows` recipients, and no recipient got two. */
export function expectExactlyOnce(standIn: StandIn, rows: number): void {
  const counts = standIn.countByRecipient();
  expect(counts.size).toBe(rows);
  expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
}
