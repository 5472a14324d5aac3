/** Reading rendered HTML the way a reader or a mail client sees it. */
import * as cheerio from 'cheerio';

export type LoadedHtml = ReturnType<typeof cheerio.load>;

export const loadHtml = (html: string): LoadedHtml => cheerio.load(html);

/** Collapses whitespace (and non-breaking spaces) so text can be compared across line breaks. */
export const normalise = (text: string): string => text.replace(/[\s\u00a0]+/g, ' ').trim();

/** The visible text of the body, without the hidden preheader. */
export function visibleText(html: string): string {
  const $ = loadHtml(html);
  $('[data-skip-in-text], style, title').remove();
  // Block elements and line breaks separate words on screen; text() would run them together.
  $('br').replaceWith(' ');
  $('p, h1, h2, h3, h4, h5, h6, td, div, li').append(' ');
  return normalise($('body').text());
}

/** Every link as label → href. */
export function links(html: string): { label: string; href: string }[] {
  const $ = loadHtml(html);
  return $('a')
    .toArray()
    .map((a) => ({ label: normalise($(a).text()), href: $(a).attr('href') ?? '' }));
}

/** An element's inline `style` as property → value (lower-case names, values trimmed). */
export function styleOf(element: ReturnType<LoadedHtml>): Record<string, string> {
  const style: Record<string, string> = {};
  for (const declaration of (element.attr('style') ?? '').split(';')) {
    const colon = declaration.indexOf(':');
    if (colon > 0) style[declaration.slice(0, colon).trim().toLowerCase()] = declaration.slice(colon + 1).trim();
  }
  return style;
}

/**
 * Whether a word in the element may break at the edge of the column: the
 * nearest ancestor (or the element) that says how lines wrap lets long words
 * break (`overflow-wrap: anywhere | break-word` or `word-break: break-word |
 * break-all`), and nothing on the way forbids wrapping (`white-space: nowrap | pre`).
 */
export function wrapsLongWords($: LoadedHtml, element: ReturnType<LoadedHtml>): boolean {
  for (const node of [element, ...element.parents().toArray().map((el) => $(el))]) {
    const style = styleOf(node);
    if (/^(nowrap|pre)$/.test(style['white-space'] ?? '')) return false;
    if (/^(anywhere|break-word)$/.test(style['overflow-wrap'] ?? '') || /^(break-word|break-all)$/.test(style['word-break'] ?? '')) return true;
    if (style['overflow-wrap'] === 'normal' || style['word-break'] === 'keep-all') return false;
  }
  return false;
}
