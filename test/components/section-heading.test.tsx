import { describe, expect, it } from 'vitest';
import { SectionHeading, createTheme, defaultTheme } from '../../components/index.ts';
import { styleOf, wrapsLongWords } from '../support/html.ts';
import { HOSTILE, LONG_WORD, renderComponent } from '../support/render-component.tsx';

describe('SectionHeading', () => {
  it('is an <h2> eyebrow by default: small capitals in the accent colour, with the class that keeps it readable in dark mode', async () => {
    const { $ } = await renderComponent(<SectionHeading>Advocacy Updates</SectionHeading>);
    const heading = $('h2');
    expect(heading.text()).toBe('Advocacy Updates');
    expect(heading.attr('class')).toBe('dsp-accent');
    expect(styleOf(heading)).toMatchObject({
      color: defaultTheme.colors.accent,
      'font-size': `${defaultTheme.fontSizes.h3}px`,
      'text-transform': 'uppercase',
      'letter-spacing': '0.06em',
    });
    // Headings are bold everywhere: the default weight is not written.
    expect(styleOf(heading)['font-weight']).toBeUndefined();
  });

  it('as a title: a plain heading in the heading colour, larger, not in capitals', async () => {
    const { $ } = await renderComponent(<SectionHeading variant="title">Keep reading</SectionHeading>);
    const style = styleOf($('h2'));
    expect($('h2').attr('class')).toBe('dsp-heading');
    expect(style).toMatchObject({ color: defaultTheme.colors.heading, 'font-size': `${defaultTheme.fontSizes.h2}px` });
    expect(style['text-transform']).toBeUndefined();
    expect(style['letter-spacing']).toBeUndefined();
  });

  it('takes the level it is given: <h3> under a section’s <h2>', async () => {
    const { $ } = await renderComponent(<SectionHeading level={3}>More Updates</SectionHeading>);
    expect($('h3').text()).toBe('More Updates');
    expect($('h2')).toHaveLength(0);
  });

  it('takes its colours and weight from the theme, and extra styles over its own', async () => {
    const theme = createTheme({ accent: '#7A1F5C' });
    const { $ } = await renderComponent(<SectionHeading style={{ margin: 0 }}>Advocacy Updates</SectionHeading>, {
      theme: { ...theme, fontWeights: { ...theme.fontWeights, bold: 600 } },
    });
    expect(styleOf($('h2'))).toMatchObject({ color: '#7A1F5C', 'font-weight': '600', margin: '0' });
  });

  it('lets a long unbroken word wrap in the email column', async () => {
    const { $ } = await renderComponent(<SectionHeading>{LONG_WORD}</SectionHeading>, { inLayout: true });
    expect(wrapsLongWords($, $('h2'))).toBe(true);
  });

  it('escapes markup in its text', async () => {
    const { html, $ } = await renderComponent(<SectionHeading>{HOSTILE}</SectionHeading>);
    expect($('h2').text()).toBe(HOSTILE);
    expect($('img, script')).toHaveLength(0);
    expect(html).toContain('&lt;script&gt;');
  });
});
