import { describe, expect, it } from 'vitest';
import { DonateAppeal, createTheme, defaultTheme, type DonateAppealProps } from '../../components/index.ts';
import { arabicDigest, sampleDigest } from '../../fixtures/index.ts';
import { links, normalise, styleOf, wrapsLongWords } from '../support/html.ts';
import { HOSTILE, LONG_WORD, renderComponent } from '../support/render-component.tsx';

const appeal: DonateAppealProps = sampleDigest.appeal!;

describe('DonateAppeal', () => {
  it('shows each paragraph of the appeal and a filled donate button on a tinted panel', async () => {
    const { html, $ } = await renderComponent(<DonateAppeal {...appeal} />);
    const paragraphs = $('p').toArray().map((p) => normalise($(p).text()));
    expect(paragraphs).toHaveLength(appeal.text.split(/\n\s*\n/).length);
    expect(paragraphs.length).toBeGreaterThan(1);
    expect(links(html)).toEqual([{ label: appeal.button.label, href: appeal.button.url }]);
    expect(html).toContain(`fillcolor="${defaultTheme.colors.buttonBackground}"`);
    const panel = $('table.dsp-highlight');
    expect(styleOf(panel)['background-color']).toBe(defaultTheme.colors.highlight);
  });

  it('without a heading: none, and no empty heading element', async () => {
    const { $ } = await renderComponent(<DonateAppeal {...appeal} heading={undefined} />);
    expect($('h1, h2, h3')).toHaveLength(0);
  });

  it('with a heading: a plain <h2> title, not an eyebrow', async () => {
    const { $ } = await renderComponent(<DonateAppeal {...appeal} heading="Fuel the work of CMPAC" />);
    expect($('h2').text()).toBe('Fuel the work of CMPAC');
    expect(styleOf($('h2'))['color']).toBe(defaultTheme.colors.heading);
    expect(styleOf($('h2'))['text-transform']).toBeUndefined();
  });

  it('takes the tint and the button colour from the theme', async () => {
    const theme = createTheme({ primary: '#005A9C' });
    const { html, $ } = await renderComponent(<DonateAppeal {...appeal} />, { theme: { ...theme, colors: { ...theme.colors, highlight: '#FFF4E0' } } });
    expect(styleOf($('table.dsp-highlight'))['background-color']).toBe('#FFF4E0');
    expect(html).toContain('fillcolor="#005A9C"');
  });

  it('right to left: the Arabic appeal and its button', async () => {
    const { html, $ } = await renderComponent(<DonateAppeal {...arabicDigest.appeal!} />, { dir: 'rtl' });
    expect(normalise($('p').first().text())).toBe(normalise(arabicDigest.appeal!.text.split(/\n\s*\n/)[0]!));
    expect(links(html).map((l) => l.label)).toEqual([arabicDigest.appeal!.button.label]);
  });

  it('lets a long unbroken word wrap in the email column', async () => {
    const { $ } = await renderComponent(<DonateAppeal {...appeal} text={`Give to ${LONG_WORD}.`} />, { inLayout: true });
    expect(wrapsLongWords($, $('p').filter((_, p) => $(p).text().includes(LONG_WORD)))).toBe(true);
  });

  it('escapes markup in the heading, the text and the button label', async () => {
    const { html, $ } = await renderComponent(<DonateAppeal heading={HOSTILE} text={HOSTILE} button={{ label: HOSTILE, url: 'https://a.example/donate' }} />);
    expect($('img, script')).toHaveLength(0);
    expect(html).not.toContain('<script>');
    expect($('h2').text()).toBe(HOSTILE);
    expect($('p').text()).toBe(HOSTILE);
  });
});
