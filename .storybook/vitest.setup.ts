/**
 * Story tests fail on any console.error (React warnings included), not only on thrown errors:
 * a story that renders while React complains is not a story that works.
 */
import { afterEach, beforeEach, expect, vi, type MockInstance } from 'vitest';

let consoleError: MockInstance<typeof console.error>;
let messages: string[] = [];

beforeEach(() => {
  messages = [];
  const original = console.error.bind(console);
  consoleError = vi.spyOn(console, 'error').mockImplementation((...data: unknown[]) => {
    messages.push(format(data));
    original(...data);
  });
});

/** console.error's own `%s` substitution (React writes its warnings that way), for a readable failure. */
function format([first, ...rest]: unknown[]): string {
  const text = (part: unknown) => (part instanceof Error ? part.message : String(part));
  if (typeof first !== 'string') return [first, ...rest].map(text).join(' ');
  const message = first.replace(/%[sdio]/g, () => (rest.length ? text(rest.shift()) : ''));
  return [message, ...rest.map(text)].join(' ').trim();
}

afterEach(() => {
  consoleError.mockRestore();
  expect(messages, 'console.error during the story').toEqual([]);
});
