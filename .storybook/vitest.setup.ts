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
    messages.push(data.map((part) => (part instanceof Error ? part.message : String(part))).join(' '));
    original(...data);
  });
});

afterEach(() => {
  consoleError.mockRestore();
  expect(messages, 'console.error during the story').toEqual([]);
});
