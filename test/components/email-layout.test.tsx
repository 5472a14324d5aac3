import { describe, expect, it } from 'vitest';
import { render } from 'react-email';
import { Button, EmailLayout, ThemeProvider, createTheme, defaultTheme, useDirection } from '../../components/index.ts';
import { loadHtml, styleOf, visibleText, wrapsLongWords } from '../support/html.ts';
import { HOSTILE, LONG_WORD } from '../support/render-component.tsx';

/** Shows the direction the layout hands to the components inside it. */
function DirectionProbe() {
  return <p id="probe">{useDirection()}</p>;
}

const layout = async (props: Partial<Parameters<typeof EmailLayout>[0]> = {}, theme = defaultTheme) => {
  const html = await render(
    <ThemeProvider theme={theme}>
      <EmailLayout lang="en-CA" title="Watch New Podcast Episode" preheader="New podcast episode and advocacy updates" {...props}>
        {props.children ?? <DirectionProbe />}
      </EmailLayout>
    </ThemeProvider>,
  );
  return { html, $: loadHtml(html) };
};

/** The preheader's text without the invisible filler. */
const preview = ($: ReturnType<typeof loadHtml>) => $('[data-skip-in-text]').text().replace(/[\u200C\u00A0]+$/, '');

describe('EmailLayout', () => {
  it('names the language, the direction and the title on the document and the body', async () => {
    const { $ } = await layout();
    expect($('html').attr('lang')).toBe('en-CA');
    expect($('html').attr('dir')).toBe('ltr');
    expect($('body').attr('lang')).toBe('en-CA');
    expect($('body').attr('dir')).toBe('ltr');
    expect($('title').text()).toBe('Watch New Podcast Episode');
    expect($('meta[name="color-scheme"]').attr('content')).toBe('light dark');
    expect($('meta[name="viewport"]').attr('content')).toBe('width=device-width, initial-scale=1');
    expect($('#probe').text()).toBe('ltr');
  });

  it('right to left: dir="rtl" on the document and the body, and handed to the components inside', async () => {
    const { $ } = await layout({ lang: 'ar', dir: 'rtl' });
    expect($('html').attr('dir')).toBe('rtl');
    expect($('html').attr('lang')).toBe('ar');
    expect($('body').attr('dir')).toBe('rtl');
    expect($('#probe').text()).toBe('rtl');
  });

  it('hides the preheader from the body and pads it to 150 characters so body text does not follow it in the inbox', async () => {
    const { html, $ } = await layout();
    const hidden = $('[data-skip-in-text]');
    expect(styleOf(hidden)).toMatchObject({ display: 'none', 'max-height': '0', overflow: 'hidden' });
    expect(preview($)).toBe('New podcast episode and advocacy updates');
    // One invisible pair for each of the 150 characters of preview the text leaves free.
    expect(hidden.text()).toBe(`New podcast episode and advocacy updates${'\u200C\u00A0'.repeat(150 - 40)}`);
    // It comes before the content, so it is what inboxes read first.
    expect(html.indexOf('New podcast episode')).toBeLessThan(html.indexOf('id="probe"'));
    expect(visibleText(html)).not.toContain('New podcast episode');
  });

  it('cuts a long preheader at 150 characters, with no filler', async () => {
    const { $ } = await layout({ preheader: 'a'.repeat(400) });
    expect($('[data-skip-in-text]').text()).toBe('a'.repeat(150));
  });

  it('never cuts a character in half: an emoji across the 150th character stays whole, no U+FFFD in the preview (fix)', async () => {
    const preheader = `${'a'.repeat(149)}😀 and more`;
    const { html, $ } = await layout({ preheader });
    // Half a surrogate pair cannot be written as UTF-8: the renderer writes U+FFFD, a "�" in the inbox.
    expect(html).not.toContain('\uFFFD');
    expect(html).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(preview($)).toBe(`${'a'.repeat(149)}😀`);
  });

  it('never cuts a merge field in half: one across the 150th character is left out of the preview, not sent as "{{first_na" (fix)', async () => {
    const { $ } = await layout({ preheader: `${'a'.repeat(120)} {{first_name|dear friend of ours}}, a new episode` });
    expect(preview($)).toBe(`${'a'.repeat(120)} `);
    const whole = await layout({ preheader: `${'a'.repeat(100)} {{first_name|friend}}, a new episode is out this week, with more` });
    expect(preview(whole.$)).toContain('{{first_name|friend}}, a new');
  });

  it('draws the canvas and the 600 px column in the theme’s colours, and the dark palette in the head', async () => {
    const theme = createTheme({ background: '#FAF0E6' });
    const { $ } = await layout({}, { ...theme, colors: { ...theme.colors, surface: '#FFFDF8' }, widths: { ...theme.widths, content: 640 } });
    expect(styleOf($('body'))['background-color']).toBe('#FAF0E6');
    const column = $('table.dsp-surface');
    expect(column.attr('role')).toBe('presentation');
    expect(styleOf(column)).toMatchObject({ 'background-color': '#FFFDF8', 'max-width': '640px' });
    const css = $('style').text();
    expect(css).toContain(`@media (prefers-color-scheme: dark){.dsp-canvas{background-color:${defaultTheme.dark.canvas}!important}`);
    expect(css).toContain('max-width:640px');
  });

  it('lets long unbroken words wrap inside the column instead of widening it past a phone’s screen', async () => {
    const { $ } = await layout({ children: <p id="long">{LONG_WORD}</p> });
    expect(wrapsLongWords($, $('#long'))).toBe(true);
    expect(styleOf($('table.dsp-surface'))).toMatchObject({ 'overflow-wrap': 'anywhere', 'word-break': 'break-word' });
  });

  it('escapes markup in the title and the preheader', async () => {
    const { html, $ } = await layout({ title: `Vote ${HOSTILE}`, preheader: `Soon ${HOSTILE}` });
    expect($('script, img').length).toBe(0);
    expect($('title').text()).toBe(`Vote ${HOSTILE}`);
    expect(preview($)).toBe(`Soon ${HOSTILE}`);
    expect(html).not.toContain('<script>');
  });

  it('declares the Office namespaces once, on <html>: buttons inside do not repeat them', async () => {
    const { html, $ } = await layout({ children: <Button href="https://a.example/">Donate</Button> });
    expect($('html').attr('xmlns:v')).toBe('urn:schemas-microsoft-com:vml');
    expect(html).toContain('<v:roundrect href="https://a.example/"');
    expect(html.match(/urn:schemas-microsoft-com:vml/g)).toHaveLength(1);
  });
});
