import { describe, expect, it } from 'vitest';
import { Header, createTheme, defaultTheme, type HeaderProps } from '../../components/index.ts';
import { brand } from '../../fixtures/index.ts';
import { styleOf, wrapsLongWords } from '../support/html.ts';
import { HOSTILE, LONG_WORD, renderComponent } from '../support/render-component.tsx';

const props: HeaderProps = {
  logo: brand.logo,
  homeUrl: brand.website,
  newsletterName: brand.newsletterName,
  title: 'New Podcast Episode, UN Abstention Analysis, & Other Advocacy Updates',
  date: '2024-09-23',
  locale: 'en-CA',
  viewInBrowserUrl: 'https://www.canadianmuslimpac.ca/newsletter/2024-09-23',
};

const viewInBrowser = ($: Awaited<ReturnType<typeof renderComponent>>['$']) => $('a').filter((_, a) => $(a).attr('href') === props.viewInBrowserUrl);

describe('Header', () => {
  it('links the logo home with its alt text and size, and makes the title the one <h1>, under the newsletter name and over the date', async () => {
    const { $ } = await renderComponent(<Header {...props} />);
    const logo = $('img');
    expect(logo.attr('src')).toBe(brand.logo.src);
    expect(logo.attr('alt')).toBe('CMPAC, Canadian Muslim Public Affairs Council');
    expect(logo.attr('width')).toBe('160');
    expect(logo.attr('height')).toBe('48');
    expect(logo.parent('a').attr('href')).toBe('https://www.canadianmuslimpac.ca');
    expect($('h1')).toHaveLength(1);
    expect($('h1').text()).toBe(props.title);
    expect($('h1').prev('p').text()).toBe('CMPAC Newsletter');
    expect($('h1').next('p').text()).toBe('September 23, 2024');
    expect($('table').first().attr('role')).toBe('presentation');
  });

  it('scales a large logo down to the theme’s logo width, keeping its proportions', async () => {
    const { $ } = await renderComponent(<Header {...props} logo={{ ...brand.logo, width: 800, height: 200 }} />);
    expect($('img').attr('width')).toBe(String(defaultTheme.widths.logo));
    expect($('img').attr('height')).toBe('40');
  });

  it('shows "View in browser" only when the issue has a web version, with no empty paragraph otherwise', async () => {
    const withLink = await renderComponent(<Header {...props} />);
    expect(viewInBrowser(withLink.$).text()).toBe('View in browser');
    const { $ } = await renderComponent(<Header {...props} viewInBrowserUrl={undefined} />);
    expect($('a').toArray().map((a) => $(a).attr('href'))).toEqual(['https://www.canadianmuslimpac.ca']);
    expect($('p')).toHaveLength(2);
    expect($('p').toArray().every((p) => $(p).text().trim() !== '')).toBe(true);
  });

  it('puts "View in browser" at the end of the line with a physical side: right, left in right-to-left text (Outlook and Yahoo ignore text-align:end) (fix)', async () => {
    const ltr = await renderComponent(<Header {...props} />);
    expect(styleOf(viewInBrowser(ltr.$).parent('p'))['text-align']).toBe('right');
    const rtl = await renderComponent(<Header {...props} locale="ar" />, { dir: 'rtl' });
    expect(viewInBrowser(rtl.$).text()).toBe('عرض في المتصفح');
    expect(styleOf(viewInBrowser(rtl.$).parent('p'))['text-align']).toBe('left');
  });

  it('writes the date and the link label in the issue’s language', async () => {
    const { $ } = await renderComponent(<Header {...props} locale="fr-CA" />);
    expect($('h1').next('p').text()).toBe('23 septembre 2024');
    expect(viewInBrowser($).text()).toBe('Voir dans le navigateur');
  });

  it('takes its colours from the theme: the accent for the newsletter name, the heading colour for the title', async () => {
    const theme = createTheme({ accent: '#7A1F5C', text: '#222222', primary: '#005A9C' });
    const { $ } = await renderComponent(<Header {...props} />, { theme });
    expect(styleOf($('h1').prev('p'))['color']).toBe('#7A1F5C');
    expect(styleOf($('h1'))['color']).toBe('#222222');
    expect(styleOf(viewInBrowser($))['color']).toBe('#005A9C');
  });

  it('lets a title with a long unbroken word wrap in the email column', async () => {
    const { $ } = await renderComponent(<Header {...props} title={`A very long title with a ${LONG_WORD} word`} />, { inLayout: true });
    expect($('h1').text()).toContain(LONG_WORD);
    expect(wrapsLongWords($, $('h1'))).toBe(true);
  });

  it('escapes markup in the title, the newsletter name and the logo’s alt text', async () => {
    const { html, $ } = await renderComponent(<Header {...props} title={HOSTILE} newsletterName={HOSTILE} logo={{ ...brand.logo, alt: `"${HOSTILE}` }} />);
    expect($('script')).toHaveLength(0);
    expect($('img')).toHaveLength(1);
    expect($('h1').text()).toBe(HOSTILE);
    expect($('img').attr('alt')).toBe(`"${HOSTILE}`);
    expect(html).not.toContain('<script>');
  });
});
