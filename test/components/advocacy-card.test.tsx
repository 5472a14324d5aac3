import { describe, expect, it } from 'vitest';
import { AdvocacyCard, createTheme, defaultTheme, type AdvocacyCardProps } from '../../components/index.ts';
import { sampleDigest } from '../../fixtures/index.ts';
import { links, normalise, styleOf, wrapsLongWords } from '../support/html.ts';
import { HOSTILE, LONG_WORD, renderComponent } from '../support/render-component.tsx';

const card: AdvocacyCardProps = sampleDigest.sections[0]!.cards[0]!;
const image = { src: 'https://www.canadianmuslimpac.ca/images/card-three.jpg', alt: 'A rally in front of Parliament Hill', width: 600, height: 300 };

describe('AdvocacyCard', () => {
  it('shows the title as an <h3>, the date as a <time>, the summary and an outlined call to action', async () => {
    const { html, $ } = await renderComponent(<AdvocacyCard {...card} />);
    expect($('h3').text()).toBe("CMPAC Demands Canadian Gov't Condemn the Unlawful Israeli Attacks on Lebanon");
    expect($('time').attr('datetime')).toBe('2024-09-23');
    expect($('time').text()).toBe('September 23, 2024');
    expect(normalise($('p').last().text())).toMatch(/^CMPAC demands the Canadian government to publicly condemn/);
    expect(links(html)).toEqual([{ label: 'Read our Full Statement Here', href: card.link!.url }]);
    // Secondary: outlined in the link colour, not filled.
    expect(html).toContain(`strokecolor="${defaultTheme.colors.link}" fillcolor="${defaultTheme.colors.surface}"`);
  });

  it('without a link or an image: no button, no image, nothing empty in their place', async () => {
    const { html, $ } = await renderComponent(<AdvocacyCard date={card.date} title={card.title} summary="Plain summary." />);
    expect($('a, img')).toHaveLength(0);
    expect(html).not.toContain('v:roundrect');
    expect($('table')).toHaveLength(1);
    expect($('p').toArray().map((p) => $(p).text())).toEqual(['September 23, 2024', 'Plain summary.']);
  });

  it('puts an image above the title with its alt text, scaled to the column inside the gutters', async () => {
    const { $ } = await renderComponent(<AdvocacyCard {...card} image={image} />);
    const img = $('img');
    expect(img.attr('alt')).toBe('A rally in front of Parliament Hill');
    expect(img.attr('src')).toBe(image.src);
    // 600 px column less two 24 px gutters; the height keeps the 2:1 proportions.
    expect(img.attr('width')).toBe('552');
    expect(img.attr('height')).toBe('276');
    expect(styleOf(img)).toMatchObject({ width: '100%', 'max-width': '552px', height: 'auto' });
    expect(img.nextAll('h3')).toHaveLength(1);
  });

  it('keeps a small image at its own size', async () => {
    const { $ } = await renderComponent(<AdvocacyCard {...card} image={{ ...image, width: 300, height: 200 }} />);
    expect($('img').attr('width')).toBe('300');
    expect($('img').attr('height')).toBe('200');
  });

  it('draws a rule above when divided, in the theme’s border colour, and nothing when not', async () => {
    const theme = createTheme();
    const divided = await renderComponent(<AdvocacyCard {...card} divided />, { theme: { ...theme, colors: { ...theme.colors, border: '#CCCCCC' } } });
    const table = divided.$('table').first();
    expect(table.attr('class')).toBe('dsp-border');
    expect(styleOf(table)['border-top']).toBe('1px solid #CCCCCC');
    const plain = await renderComponent(<AdvocacyCard {...card} />);
    expect(plain.$('table').first().attr('style')).toBeUndefined();
    expect(plain.$('table').first().attr('class')).toBeUndefined();
  });

  it('writes the date in the card’s language', async () => {
    const fr = await renderComponent(<AdvocacyCard {...card} locale="fr-CA" />);
    expect(fr.$('time').text()).toBe('23 septembre 2024');
    const ar = await renderComponent(<AdvocacyCard {...card} locale="ar" />, { dir: 'rtl' });
    expect(ar.$('time').text()).toContain('سبتمبر');
  });

  it('takes the title’s and the date’s colours from the theme', async () => {
    const theme = createTheme({ text: '#222222' });
    const { $ } = await renderComponent(<AdvocacyCard {...card} />, { theme: { ...theme, colors: { ...theme.colors, muted: '#444444' } } });
    expect(styleOf($('h3'))['color']).toBe('#222222');
    expect(styleOf($('time').parent())['color']).toBe('#444444');
  });

  it('lets a title with a long unbroken word wrap in the email column', async () => {
    const { $ } = await renderComponent(<AdvocacyCard {...card} title={`A title with a ${LONG_WORD} word`} />, { inLayout: true });
    expect(wrapsLongWords($, $('h3'))).toBe(true);
  });

  it('escapes markup in the title, the summary, the alt text and the link label', async () => {
    const { html, $ } = await renderComponent(
      <AdvocacyCard {...card} title={HOSTILE} summary={`Text with ${HOSTILE} and </table>`} image={{ ...image, alt: `"${HOSTILE}` }} link={{ label: HOSTILE, url: card.link!.url }} />,
    );
    expect($('script')).toHaveLength(0);
    expect($('img')).toHaveLength(1);
    expect($('img').attr('alt')).toBe(`"${HOSTILE}`);
    expect($('h3').text()).toBe(HOSTILE);
    expect($('p').last().text()).toBe(`Text with ${HOSTILE} and </table>`);
    expect(html).not.toContain('<script>');
  });
});
