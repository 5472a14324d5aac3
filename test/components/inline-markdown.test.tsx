import { describe, expect, it } from 'vitest';
import { InlineMarkdown, createTheme, defaultTheme } from '../../components/index.ts';
import { links, normalise, styleOf, wrapsLongWords } from '../support/html.ts';
import { HOSTILE, LONG_WORD, renderComponent } from '../support/render-component.tsx';

describe('InlineMarkdown', () => {
  it('starts a paragraph at each blank line; a single line break inside one reads as a space', async () => {
    const { $ } = await renderComponent(<InlineMarkdown>{'Campaigns like this one\nare funded by readers.\n\n  \nHelp us keep the pressure on.\n'}</InlineMarkdown>);
    expect($('p').toArray().map((p) => $(p).text())).toEqual(['Campaigns like this one are funded by readers.', 'Help us keep the pressure on.']);
  });

  it('renders links, **bold** and *italic* as <a>, <strong> and <em>', async () => {
    const { html, $ } = await renderComponent(
      <InlineMarkdown>{'**Bold**, *italic* and a [youtube channel](https://www.canadianmuslimpac.ca/podcast/youtube?a=1&b=2).'}</InlineMarkdown>,
    );
    expect($('strong').text()).toBe('Bold');
    expect($('em').text()).toBe('italic');
    expect(links(html)).toEqual([{ label: 'youtube channel', href: 'https://www.canadianmuslimpac.ca/podcast/youtube?a=1&b=2' }]);
    expect(normalise($('p').text())).toBe('Bold, italic and a youtube channel.');
  });

  it('shows raw HTML as the text the author typed, never as markup', async () => {
    const { html, $ } = await renderComponent(<InlineMarkdown>{`Text with ${HOSTILE} and </table> & ampersands, "quotes" & 'apostrophes'.`}</InlineMarkdown>);
    expect($('img, script')).toHaveLength(0);
    expect(html).not.toContain('<script>');
    expect($('p').text()).toBe(`Text with ${HOSTILE} and </table> & ampersands, "quotes" & 'apostrophes'.`);
  });

  it('writes nothing for empty text: no empty paragraph', async () => {
    const { $ } = await renderComponent(<InlineMarkdown>{' \n\n \n'}</InlineMarkdown>);
    expect($('p')).toHaveLength(0);
  });

  it('takes the text and link colours from the theme, and the given class and styles on every paragraph', async () => {
    const theme = createTheme({ primary: '#005A9C', text: '#222222' });
    const { $ } = await renderComponent(
      <InlineMarkdown className="dsp-muted" style={{ fontSize: 14, margin: 0 }}>
        {'One [link](https://a.example/).\n\nTwo.'}
      </InlineMarkdown>,
      { theme },
    );
    for (const p of $('p').toArray()) {
      expect($(p).attr('class')).toBe('dsp-muted');
      expect(styleOf($(p))).toEqual({ color: '#222222', 'font-size': '14px', margin: '0' });
    }
    expect(styleOf($('a'))).toEqual({ color: '#005A9C' });
    const plain = await renderComponent(<InlineMarkdown>Plain.</InlineMarkdown>);
    expect(plain.$('p').attr('class')).toBeUndefined();
    expect(styleOf(plain.$('p'))).toEqual({ color: defaultTheme.colors.text, 'font-size': '16px', margin: '0 0 16px' });
  });

  it('lets a long unbroken word or a long link label wrap in the email column', async () => {
    const url = `https://www.canadianmuslimpac.ca/${'statements-'.repeat(12)}`;
    const { $ } = await renderComponent(<InlineMarkdown>{`${LONG_WORD} and [${url}](${url})`}</InlineMarkdown>, { inLayout: true });
    expect(wrapsLongWords($, $('p').filter((_, p) => $(p).text().includes(LONG_WORD)))).toBe(true);
    expect(wrapsLongWords($, $(`a[href="${url}"]`))).toBe(true);
  });
});
