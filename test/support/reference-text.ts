/**
 * The reference issue (test/fixtures/reference): the text of one real issue's
 * web page, which the email and the archive page are compared with.
 */
import { readFileSync } from 'node:fs';
import { normalise } from './html.ts';

export const REFERENCE = 'test/fixtures/reference/cmpac-newsletter-2024-09-23.txt';

/** The hosting platform's own lines: a login, the "Powered by beehiiv" badge, a truncated menu item. */
export const PLATFORM_ONLY: readonly RegExp[] = [/^Login$/, /^Powered by$/, /^beehiiv$/, /^E\.\.\./];

export type ReferenceOptions = Readonly<{
  /** Lines to leave out (after normalising): what the page has that the thing compared with has no use for. */
  leaveOut: readonly RegExp[];
  /** Join the three sentences the page text breaks across lines (the podcast summary and two teasers). Default: false. */
  joinBrokenLines?: boolean;
}>;

/**
 * The reference page's lines as a reader sees them: Markdown links become
 * their labels, bold marks go, white space is normalised, teasers lose their
 * ellipsis; empty lines and those matching `leaveOut` are left out.
 */
export function referenceLines(options: ReferenceOptions): string[] {
  let text = readFileSync(REFERENCE, 'utf8')
    .replace(/\[([^\]]+)\]\(#\)/g, '$1')
    .replace(/\*\*/g, '');
  if (options.joinBrokenLines) {
    text = text
      .replace(/, a\n+political activist/, ', a political activist')
      .replace(/Tour for\nPalestine/, 'Tour for Palestine')
      .replace(/June 2024\nEid/, 'June 2024 Eid');
  }
  return text
    .split('\n')
    .map((line) => normalise(line).replace(/(\.\.\.|…)$/, ''))
    .filter((line) => line && !options.leaveOut.some((pattern) => pattern.test(line)));
}
