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
