import { describe, expect, it } from 'vitest';
import {
  SectionHeading,
  SYSTEM_SANS,
  ThemeProvider,
  createTheme,
  darkPalette,
  defaultTheme,
  fontStyles,
  lightPalette,
  themeStyles,
  useTheme,
  type Palette,
} from '../../components/index.ts';
import { contrastRatio, parseColor } from '../../src/preflight/contrast.ts';
import { styleOf } from '../support/html.ts';
import { renderComponent } from '../support/render-component.tsx';

describe('createTheme', () => {
  it('puts the brand’s colours where readers see them: primary on links and buttons, text on text and headings, background on the canvas', () => {
    const theme = createTheme({ primary: '#005A9C', accent: '#7A1F5C', text: '#222222', background: '#FAF0E6' });
    expect(theme.colors).toEqual({
      ...lightPalette,
      link: '#005A9C',
      buttonBackground: '#005A9C',
      accent: '#7A1F5C',
      text: '#222222',
      heading: '#222222',
      canvas: '#FAF0E6',
    });
  });

  it('leaves the dark palette (tuned for contrast), and every colour the brand does not name, as they were', () => {
    const theme = createTheme({ primary: '#005A9C' });
    expect(theme.dark).toEqual(darkPalette);
    expect(theme.colors.accent).toBe(lightPalette.accent);
    expect(theme.colors.text).toBe(lightPalette.text);
    expect(createTheme()).toEqual(defaultTheme);
    expect(createTheme({})).toEqual(defaultTheme);
  });

  it('builds on the base theme it is given', () => {
    const base = { ...defaultTheme, widths: { ...defaultTheme.widths, content: 640 } };
    const theme = createTheme({ accent: '#7A1F5C' }, base);
    expect(theme.widths.content).toBe(640);
    expect(theme.colors.accent).toBe('#7A1F5C');
  });
});

describe('ThemeProvider', () => {
  function Probe() {
    return <p id="probe">{useTheme().colors.accent}</p>;
  }

  it('supplies its theme to the components below, the nearest provider winning; without one they use the default theme', async () => {
    const alone = await renderComponent(<Probe />);
    expect(alone.$('#probe').text()).toBe(defaultTheme.colors.accent);
    const { $ } = await renderComponent(
      <>
        <SectionHeading>Outer</SectionHeading>
        <ThemeProvider theme={createTheme({ accent: '#123456' })}>
          <SectionHeading>Inner</SectionHeading>
          <Probe />
        </ThemeProvider>
      </>,
      { theme: createTheme({ accent: '#7A1F5C' }) },
    );
    expect(styleOf($('h2').first())['color']).toBe('#7A1F5C');
    expect(styleOf($('h2').last())['color']).toBe('#123456');
    expect($('#probe').text()).toBe('#123456');
  });
});

describe('themeStyles and fontStyles', () => {
  it('switch every tagged element to the dark palette under prefers-color-scheme and in Outlook.com, with !important to beat inline styles', () => {
    const css = themeStyles(defaultTheme);
    const dark = /@media \(prefers-color-scheme: dark\)\{(.*)\}\n/.exec(css)![1]!;
    expect(dark).toContain(`.dsp-surface{background-color:${darkPalette.surface}!important}`);
    expect(dark).toContain(`p,.dsp-text{color:${darkPalette.text}!important}`);
    expect(dark).toContain(`p a,.dsp-link{color:${darkPalette.link}!important}`);
    expect(dark).toContain(`.dsp-heading{color:${darkPalette.heading}!important}`);
    // Outlook.com marks the colours it recolours with data-ogsc and backgrounds with data-ogsb.
    expect(css).toContain(`[data-ogsc] .dsp-muted{color:${darkPalette.muted}!important}`);
    expect(css).toContain(`[data-ogsb] .dsp-highlight{background-color:${darkPalette.highlight}!important}`);
    expect(css).not.toMatch(/\[data-ogsc\] [^{]*\{background/);
    // Phones: narrower gutters and stacked cells below the column's width.
    expect(css).toContain('@media only screen and (max-width:600px){.dsp-gutter>tbody>tr>td{padding-left:16px!important;padding-right:16px!important}');
  });

  it('write the dark palette of the theme they are given', () => {
    const css = themeStyles({ ...defaultTheme, dark: { ...darkPalette, surface: '#000000' } });
    expect(css).toContain('.dsp-surface{background-color:#000000!important}');
  });

  it('set the font once for every text element, with the headings’ own family when it differs', () => {
    expect(fontStyles(defaultTheme)).toBe(`body,table,td,p,a,li,h1,h2,h3{font-family:${SYSTEM_SANS}}p{line-height:1.6}h1,h2,h3{line-height:1.25}`);
    const serif = fontStyles({ ...defaultTheme, fonts: { body: SYSTEM_SANS, heading: 'Georgia, serif' } });
    expect(serif).toContain(`body,table,td,p,a,li{font-family:${SYSTEM_SANS}}h1,h2,h3{font-family:Georgia, serif}`);
  });
});

describe('the palettes', () => {
  /** Every text colour the components put on each background. */
  const pairs: Array<[keyof Palette, keyof Palette]> = [
    ['text', 'surface'],
    ['muted', 'surface'],
    ['link', 'surface'],
    ['heading', 'surface'],
    ['accent', 'surface'],
    ['text', 'highlight'],
    ['link', 'highlight'],
    ['heading', 'highlight'],
    ['accent', 'highlight'],
    ['buttonText', 'buttonBackground'],
  ];
  it.each([
    ['light', lightPalette],
    ['dark', darkPalette],
  ] as const)('%s: every text/background pair the components combine reaches WCAG AA (4.5:1)', (_name, palette) => {
    const weak = pairs
      .map(([fg, bg]) => ({ pair: `${fg} on ${bg}`, ratio: contrastRatio(parseColor(palette[fg])!, parseColor(palette[bg])!) }))
      .filter(({ ratio }) => ratio < 4.5);
    expect(weak).toEqual([]);
  });
});
