import { describe, expect, it } from 'vitest';
import { loadIssue } from '../../src/content/load.ts';
import { renderIssue } from '../../src/render/render-issue.ts';
import { arabicDigest, brand, frenchDigest, manyCardsDigest } from '../../fixtures/index.ts';
import { links, loadHtml, normalise, visibleText } from '../support/html.ts';
import { SAMPLE_ISSUE } from '../support/content.ts';
import { PLATFORM_ONLY, referenceLines } from '../support/reference-text.ts';

/**
 * Lines of the reference web page that are not email content: the hosting
 * platform's, and the page's own (site navigation, breadcrumb, copyright).
 */
const WEB_ONLY = [...PLATFORM_ONLY, /^Subscribe$/, /^CMPAC Newsletter > Posts >/, /^© \d{4} CMPAC\.$/, /^Home$/, /^Posts$/, /^View more >$/];

describe('digest template, sample issue', async () => {
  const issue = loadIssue(SAMPLE_ISSUE);
  const { html, text } = await renderIssue(issue, { fallbacks: true });
  const body = visibleText(html);
  const $ = loadHtml(html);

  it('carries every line of the reference issue', () => {
    // The page's headline is the email's subject: inboxes show it, the body does not repeat it.
    const lines = referenceLines({ leaveOut: WEB_ONLY, joinBrokenLines: true }).filter((line) => line !== issue.subject);
    expect(lines.length).toBeGreaterThan(40);
    // "June 2024 Eid" is one teaser title, written with a colon in the issue file.
    const missing = lines.filter((line) => !body.toLowerCase().includes(line.toLowerCase().replace('june 2024 eid', 'june 2024: eid')));
    expect(missing).toEqual([]);
  });

  it('has the five advocacy updates with their dates and call-to-action links', () => {
    const cards = [
      ['CMPAC Demands Canadian Gov\'t Condemn the Unlawful Israeli Attacks on Lebanon', 'September 23, 2024', 'Read our Full Statement Here'],
      ['CMPAC Opinion: Canada’s Missed Opportunity on Palestinian Rights', 'September 20, 2024', 'Read our Full Opinion Here'],
      ['CMPAC Calls for Action Against Israeli Attacks in Lebanon', 'September 18, 2024', 'Read our Brief Statement on X'],
      ['LaSalle-Émard-Verdun By-Election: A Moral Stand on Gaza', 'September 17, 2024', 'Read our Brief Statement on X'],
      ['CMPAC Urges Canada to Support UNGA Resolution for Ending Israel’s Illegal Occupation', 'September 17, 2024', 'Read our Full Statement'],
    ];
    const h3 = $('h3').toArray().map((h) => normalise($(h).text()));
    expect(h3).toEqual(cards.map(([title]) => title));
    for (const [title, date, label] of cards) {
      const card = $('h3').filter((_, h) => normalise($(h).text()) === title).closest('table');
      expect(normalise(card.text())).toContain(date);
      const cta = card.find('a').filter((_, a) => normalise($(a).text()) === label);
      expect(cta.attr('href')).toMatch(/^https:\/\/www\.canadianmuslimpac\.ca\//);
    }
  });

  it('links every call to action to https pages on the organisation’s site or its profiles', () => {
    const hrefs = links(html).map((l) => l.href);
    expect(hrefs.length).toBeGreaterThan(25);
    for (const href of hrefs) expect(href).toMatch(/^(https:\/\/|mailto:)/);
    const labels = links(html).map((l) => l.label);
    for (const label of ['Watch', 'Listen', 'Subscribe to The Political Muslim', 'youtube channel', 'audio podcast', 'Donate', 'DONATE HERE', 'WHATSAPP COMMUNITY', 'X', 'Instagram', 'View more ›', 'Home', 'Posts', 'Subscribe', 'Unsubscribe', 'Privacy Policy', 'Terms of Use', 'View in browser']) {
      expect(labels).toContain(label);
    }
  });

  it('gives every image alt text and dimensions', () => {
    const images = $('img').toArray();
    expect(images.length).toBe(2);
    for (const img of images) {
      expect($(img).attr('alt')).toBeTruthy();
      expect(Number($(img).attr('width'))).toBeGreaterThan(0);
      expect(Number($(img).attr('height'))).toBeGreaterThan(0);
    }
    expect($('img').first().attr('alt')).toBe('CMPAC, Canadian Muslim Public Affairs Council');
  });

  it('is an accessible document: lang, dir, title, one h1, presentation tables', () => {
    expect($('html').attr('lang')).toBe('en-CA');
    expect($('html').attr('dir')).toBe('ltr');
    expect($('body').attr('lang')).toBe('en-CA');
    expect($('title').text()).toBe('Watch New Podcast Episode & Advocacy Updates!');
    expect($('h1').length).toBe(1);
    expect(normalise($('h1').text())).toBe('New Podcast Episode, UN Abstention Analysis, & Other Advocacy Updates');
    expect($('table:not([role="presentation"])').length).toBe(0);
    expect($('meta[name="color-scheme"]').attr('content')).toBe('light dark');
    expect($('style').text()).toContain('@media (prefers-color-scheme: dark)');
    // React 19's image preload hints are not supported by Gmail, Yahoo or Outlook.com.
    expect($('link').length).toBe(0);
    expect(html).toMatch(/^<!DOCTYPE html PUBLIC "-\/\/W3C\/\/DTD XHTML 1\.0 Transitional\/\/EN"/);
  });

  it('renders buttons that Outlook draws (VML) and other clients link', () => {
    expect(html).toContain('xmlns:v="urn:schemas-microsoft-com:vml"');
    const vml = html.match(/<v:roundrect [^>]*href="([^"]+)"/g) ?? [];
    expect(vml.length).toBe(8); // Watch, Listen, five statements, Donate
    expect(html).toContain('<!--[if mso]><noscript><xml><o:OfficeDocumentSettings>');
  });

  it('puts the preheader first in the body, hidden', () => {
    const preview = $('[data-skip-in-text]').first();
    expect(normalise(preview.text())).toMatch(/^New podcast episode, UN abstention analysis, and other advocacy updates/);
    expect(preview.attr('style')).toContain('display:none');
  });

  it('shows the legal footer: organisation, address, contact, unsubscribe, copyright', () => {
    expect(body).toContain('Canadian Muslim Public Affairs Council PO Box 41023, RPO Meadowvale Mississauga, ON L5N 0A4 Canada');
    expect(body).toContain('© 2024 CMPAC.');
    expect(links(html).find((l) => l.label === 'Unsubscribe')?.href).toBe('https://www.canadianmuslimpac.ca/newsletter/unsubscribe');
    expect(links(html).find((l) => l.label === 'info@canadianmuslimpac.ca')?.href).toBe('mailto:info@canadianmuslimpac.ca');
  });

  it('writes a plain-text part a reader can use', () => {
    expect(text).not.toMatch(/<[a-z!/]/i);
    expect(text).toContain('Read our Full Statement Here: https://www.canadianmuslimpac.ca/statements/2024-09-23-condemn-israeli-attacks-on-lebanon?utm_source=newsletter&utm_medium=email&utm_campaign=2024-09-23-podcast-advocacy-updates&utm_content=statement-1');
    expect(text).toContain('CMPAC Demands Canadian Gov\'t Condemn the Unlawful Israeli Attacks on Lebanon\nSeptember 23, 2024\n\nCMPAC demands');
    expect(text).toContain('Watch: https://www.canadianmuslimpac.ca/podcast/the-political-muslim/episode-3/watch?utm_source=newsletter&utm_medium=email&utm_campaign=2024-09-23-podcast-advocacy-updates&utm_content=podcast');
    expect(text).toContain('our youtube channel (https://www.canadianmuslimpac.ca/podcast/youtube?utm_source=newsletter&utm_medium=email&utm_campaign=2024-09-23-podcast-advocacy-updates&utm_content=podcast)');
    expect(text).toContain('ADVOCACY UPDATES\n================');
    expect(text).toContain('Salaam friend,');
    expect(text.trimEnd().split('\n').slice(-4)).toEqual([
      'Unsubscribe: https://www.canadianmuslimpac.ca/newsletter/unsubscribe',
      'Privacy Policy: https://www.canadianmuslimpac.ca/privacy-policy?utm_source=newsletter&utm_medium=email&utm_campaign=2024-09-23-podcast-advocacy-updates&utm_content=footer',
      'Terms of Use: https://www.canadianmuslimpac.ca/terms-of-use?utm_source=newsletter&utm_medium=email&utm_campaign=2024-09-23-podcast-advocacy-updates&utm_content=footer',
      '© 2024 CMPAC.',
    ]);
  });
});

describe('merge fields', () => {
  const issue = loadIssue(SAMPLE_ISSUE);

  it('stay in place when rendering for the send pipeline', async () => {
    const { html, text } = await renderIssue(issue);
    expect(html).toContain('Salaam {{first_name|friend}},');
    expect(html).toContain('href="{{unsubscribe_url|https://www.canadianmuslimpac.ca/newsletter/unsubscribe}}"');
    expect(text).toContain('Salaam {{first_name|friend}},');
  });

  it('are filled per recipient, escaped in the HTML', async () => {
    const { html, text } = await renderIssue(issue, { recipient: { first_name: '<b>Amina</b> & co' } });
    expect(visibleText(html)).toContain('Salaam <b>Amina</b> & co,');
    expect(html).toContain('Salaam &lt;b&gt;Amina&lt;/b&gt; &amp; co,');
    expect(text).toContain('Salaam <b>Amina</b> & co,');
    expect(html).not.toContain('{{');
  });
});

describe('digest template, other languages and edge cases', () => {
  it('sets lang and accents for French (fr-CA)', async () => {
    const { html, text } = await renderIssue({ ...frenchDigest, brand }, { fallbacks: true });
    const $ = loadHtml(html);
    expect($('html').attr('lang')).toBe('fr-CA');
    expect($('html').attr('dir')).toBe('ltr');
    const body = visibleText(html);
    expect(body).toContain('LaSalle–Émard–Verdun : une position morale sur Gaza');
    expect(body).toContain('17 septembre 2024');
    expect(body).toContain('Se désabonner');
    expect(body).toContain('Salaam à toutes et à tous,');
    expect(text).toContain('Regarder: https://');
  });

  it('writes Arabic right to left', async () => {
    const { html } = await renderIssue({ ...arabicDigest, brand }, { fallbacks: true });
    const $ = loadHtml(html);
    expect($('html').attr('lang')).toBe('ar');
    expect($('html').attr('dir')).toBe('rtl');
    expect($('body').attr('dir')).toBe('rtl');
    expect($('body td[dir]').first().attr('dir')).toBe('rtl');
    expect(visibleText(html)).toContain('المجلس يطالب الحكومة الكندية بإدانة الهجمات على لبنان');
  });

  it('shows hostile text as text, never as markup', async () => {
    const { html, text } = await renderIssue({ ...manyCardsDigest, brand }, { fallbacks: true });
    const $ = loadHtml(html);
    expect($('script').length).toBe(0);
    expect($('img[onerror]').length).toBe(0);
    expect(visibleText(html)).toContain('Card one <script>alert(1)</script>');
    expect(visibleText(html)).toContain('Text with <img src=x onerror=alert(1)> and </table> must show as text, & ampersands too.');
    expect($('title').text()).toBe('Edge cases: many cards & <odd> "characters"');
    expect(text).toContain('Text with <img src=x onerror=alert(1)> and </table> must show as text, & ampersands too.');
    expect($('h3').length).toBe(12);
    expect(links(html).find((l) => l.label === 'Read more about card one')?.href).toMatch(/^https:\/\/www\.canadianmuslimpac\.ca\/statements\/one\?a=1&b=2&utm_source=newsletter&utm_medium=email&utm_campaign=[^&]+&utm_content=statement-1$/);
  });
});
