/**
 * Generated recipients: deterministic, varied the way a real list is (missing
 * names, accents, right-to-left scripts, apostrophes, and text that must be
 * escaped in HTML), so personalisation does its real work.
 */
import type { Recipient } from '../src/personalise/personalise.ts';
import { seededRandom } from '../test/support/seeded-random.ts';

const FIRST = ['Amina', 'Yusuf', '', 'Émile', 'محمد', "Siobhán O'Brien", 'Zeynep', 'Fatima-Zahra', '<b>Omar</b> & Co', 'Li', 'Aïcha', 'Noor', ''];
const LAST = ['Khan', 'Tremblay', '', 'Nguyen', 'Haddad', "D'Souza", 'Ali', 'Côté'];


/** Recipient `i` of a generated list (the same for the same `i`). */
export function recipientAt(i: number): Recipient {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[(i * 7) % LAST.length]!;
  const email = `reader.${i}@example.${i % 3 ? 'org' : 'ca'}`;
  return { email, fields: { first_name: first, last_name: last } };
}

/** `count` generated recipients starting at `from`. */
export function generateRecipients(count: number, from = 0): Recipient[] {
  return Array.from({ length: count }, (_, k) => recipientAt(from + k));
}

/** A sample of `count` indices spread over `0..total-1` (first and last included), seeded. */
export function sampleIndices(total: number, count: number, seed = 42): number[] {
  const next = seededRandom(seed);
  const picked = new Set<number>([0, total - 1]);
  for (let k = 0; k < FIRST.length && picked.size < count; k++) picked.add(k); // every kind of name
  while (picked.size < Math.min(count, total)) picked.add(Math.floor(next() * total));
  return [...picked].sort((a, b) => a - b);
}
