import { describe, expect, it } from 'vitest';
import { IssueShell, defaultTheme } from '../../components/index.ts';
import { arabicDigest, brand, sampleActionAlert, sampleDigest } from '../../fixtures/index.ts';
import { unsubscribeMergeField } from '../../src/content/brand.ts';
import type { Issue } from '../../src/content/content-schema.ts';
import { links, loadHtml, normalise, styleOf, visibleText, wrapsLongWords } from '../support/html.ts';
import { HOSTILE, LONG_WORD, renderComponent } from '../support/render-component.tsx';

const shell = (issue: Issue, props: Partial<Parameters<typeof IssueShell>[0]> = {}) =>
  renderComponent(
    <IssueShell issue={issue} brand={brand} {...props}>
      <p id="template-content">The template’s own blocks</p>
    </IssueShell>,
  );

/** Where each part starts in the visible text. */
const order = (text: string, parts: string[]) => parts.map((part) => text.indexOf(part));

describe('IssueShell', () => {
  it('wraps the template’s blocks in the whole email: header, greeting, the blocks, appeal, share, keep reading, footer', async () => {
    const { html, $ } = await shell(sampleDigest);
    expect($('html').attr('lang')).toBe('en-CA');
    expect($('html').attr('dir')).toBe('ltr');
    expect($('title').text()).toBe(sampleDigest.subject);
    expect($('[data-skip-in-text]').text()).toContain(sampleDigest.preheader);
    expect($('h1').text()).toBe(sampleDigest.title);
    const text = visibleText(html);
    const positions = order(text, ['View in browser', sampleDigest.title, 'Salaam {{first_name|friend}},', 'The template’s own blocks', 'Donate', 'Grow Our Reach', 'Keep reading', 'Unsubscribe', '© 2024 CMPAC.']);
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('links "Unsubscribe" to the per-recipient merge field, and "View in browser" to the issue’s web page', async () => {
    const { html } = await shell(sampleActionAlert);
    expect(links(html)).toEqual(
      expect.arrayContaining([
        { label: 'Unsubscribe', href: unsubscribeMergeField(brand) },
        { label: 'View in browser', href: sampleActionAlert.webUrl! },
      ]),
    );
  });

  it('leaves out what the issue does not have: no greeting, appeal, share block, keep reading or "View in browser"', async () => {
    const { greeting: _g, appeal: _a, share: _s, keepReading: _k, webUrl: _w, ...bare } = sampleDigest;
    const { html, $ } = await shell(bare as Issue);
    const text = visibleText(html);
    for (const absent of ['Salaam', 'Grow Our Reach', 'Keep reading', 'View in browser']) expect(text).not.toContain(absent);
    expect($('table.dsp-highlight')).toHaveLength(0);
    expect(html).not.toContain('v:roundrect');
    // In the column: the header, the template's blocks, the footer; nothing empty between them.
    const blocks = $('table.dsp-surface > tbody > tr > td').children().toArray();
    expect(blocks).toHaveLength(3);
    expect($(blocks[0]).find('h1').text()).toBe(sampleDigest.title);
    expect($(blocks[1]).attr('id')).toBe('template-content');
    expect(normalise($(blocks[2]).text())).toMatch(/Unsubscribe/);
  });

  it('right to left for an Arabic issue: dir="rtl" on the document, Arabic labels, the header link on the left', async () => {
    const { html, $ } = await shell({ ...arabicDigest, webUrl: 'https://www.canadianmuslimpac.ca/newsletter/ar/' });
    expect($('html').attr('dir')).toBe('rtl');
    expect($('html').attr('lang')).toBe('ar');
    expect($('body').attr('dir')).toBe('rtl');
    const text = visibleText(html);
    expect(text).toContain('إلغاء الاشتراك');
    expect(text).toContain(arabicDigest.greeting!);
    const viewInBrowser = $('a').filter((_, a) => $(a).text() === 'عرض في المتصفح');
    expect(styleOf(viewInBrowser.parent('p'))['text-align']).toBe('left');
  });

  it('applies the brand’s colours over the theme it is given', async () => {
    const { html, $ } = await shell(sampleActionAlert, {
      brand: { ...brand, colors: { primary: '#005A9C', background: '#FAF0E6' } },
      theme: { ...defaultTheme, widths: { ...defaultTheme.widths, content: 640 } },
    });
    expect(styleOf($('body'))['background-color']).toBe('#FAF0E6');
    expect(styleOf($('table.dsp-surface'))['max-width']).toBe('640px');
    expect(html).toContain('fillcolor="#005A9C"');
    expect(html).not.toContain(`fillcolor="${defaultTheme.colors.buttonBackground}"`);
  });

  it('lets a greeting with a long unbroken word wrap in the email column', async () => {
    const { $ } = await shell({ ...sampleActionAlert, greeting: `Salaam ${LONG_WORD},` });
    expect(wrapsLongWords($, $('p').filter((_, p) => $(p).text().includes(LONG_WORD)))).toBe(true);
  });

  it('escapes markup in the subject, title and greeting', async () => {
    const { html } = await shell({ ...sampleActionAlert, subject: HOSTILE, title: HOSTILE, greeting: HOSTILE });
    const $ = loadHtml(html);
    expect($('img').toArray().every((img) => $(img).attr('src') === brand.logo.src)).toBe(true);
    expect($('script')).toHaveLength(0);
    expect($('title').text()).toBe(HOSTILE);
    expect($('h1').text()).toBe(HOSTILE);
    expect(visibleText(html)).toContain(HOSTILE);
  });
});
