/**
 * Head rules that replace styles every element would otherwise repeat inline.
 * Fonts live here, once, instead of in each element's `style`: Outlook for
 * Windows, Apple Mail, Gmail, Yahoo and Outlook.com honour element selectors in
 * the head `<style>` (Outlook needs them on `p`, `td`, headings and links, as
 * it does not inherit fonts from a table cell). A client that drops head styles
 * shows its own sans-serif, which costs nothing in legibility.
 */
import type { Theme } from './theme.ts';

/** Elements that carry text in the components (Outlook does not inherit a font across them). */
export const TEXT_ELEMENTS = ['body', 'table', 'td', 'p', 'a', 'li'] as const;
export const HEADING_ELEMENTS = ['h1', 'h2', 'h3'] as const;

/**
 * `body,td,p,…{font-family:…}` (with the headings' family when it differs), and
 * the line heights of paragraphs and headings. Where head styles are dropped,
 * text keeps its inline size and colour and takes the client's font and line
 * height.
 */
export function fontStyles(theme: Theme): string {
  const { body, heading } = theme.fonts;
  const headings = HEADING_ELEMENTS.join(',');
  const families =
    body === heading
      ? `${[...TEXT_ELEMENTS, ...HEADING_ELEMENTS].join(',')}{font-family:${body}}`
      : `${TEXT_ELEMENTS.join(',')}{font-family:${body}}${headings}{font-family:${heading}}`;
  return `${families}p{line-height:${theme.lineHeights.body}}${headings}{line-height:${theme.lineHeights.tight}}`;
}
