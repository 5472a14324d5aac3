import { describe, expect, it } from 'vitest';
import { render } from 'react-email';
import { Button, ThemeProvider, createTheme, defaultTheme } from '../../components/index.ts';
import { loadHtml } from '../support/html.ts';

describe('Button', () => {
  it('draws a VML rounded rectangle for Outlook and a link for everyone else, both to the same place', async () => {
    const html = await render(<Button href="https://www.canadianmuslimpac.ca/donate">Donate</Button>);
    expect(html).toMatch(/<!--\[if mso\]><v:roundrect [^>]*href="https:\/\/www\.canadianmuslimpac\.ca\/donate"[^>]*fillcolor="#0B6E4F"/);
    expect(html).toContain('<![endif]--><!--[if !mso]><!--><a href="https://www.canadianmuslimpac.ca/donate"');
    const $ = loadHtml(html);
    const link = $('a');
    expect(link.text()).toBe('Donate');
    expect(link.attr('style')).toContain('font-weight:700;');
    expect(link.attr('style')).toContain(`background-color:${defaultTheme.colors.buttonBackground}`);
    expect($('table').attr('role')).toBe('presentation');
  });

  it('escapes hostile labels and links in both renderings', async () => {
    const html = await render(<Button href={'https://a.example/?q="><script>x</script>'}>{'<img src=x onerror=alert(1)>'}</Button>);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html.match(/&lt;img src=x onerror=alert\(1\)&gt;/g)).toHaveLength(2);
  });

  it('takes the brand colour from the theme, outlined for secondary actions', async () => {
    const theme = createTheme({ primary: '#123456' });
    const html = await render(
      <ThemeProvider theme={theme}>
        <Button href="https://a.example/" variant="secondary">
          Read our Full Statement Here
        </Button>
      </ThemeProvider>,
    );
    expect(html).toContain('strokecolor="#123456" fillcolor="#FFFFFF"');
    expect(loadHtml(html)('a').attr('style')).toContain('border:1px solid #123456');
  });
});
