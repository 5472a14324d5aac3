/**
 * The cheap checks, each called directly on the sample with one defect: broken
 * content fixtures where content can make the defect, the sample's message
 * with a small change where it cannot. No external tool runs here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { accessibilityChecks } from '../../src/preflight/accessibility.ts';
import { clientSupportChecks } from '../../src/preflight/client-support.ts';
import { complianceChecks } from '../../src/preflight/compliance.ts';
import { contentChecks } from '../../src/preflight/content.ts';
import { linkChecks } from '../../src/preflight/links.ts';
import { sizeChecks } from '../../src/preflight/size.ts';
import { allowlisted, CANIEMAIL_ALLOWLIST } from '../../src/preflight/caniemail-allowlist.ts';
import { contrastRatio, parseColor } from '../../src/preflight/contrast.ts';
import type { Check, PreflightContext } from '../../src/preflight/types.ts';
import { SAMPLE_ISSUE } from '../support/content.ts';
import { brokenFixture, contextOf, errorsOf, ids, injectIntoBody, load, sampleContext, variant } from '../support/preflight.ts';

let sample: PreflightContext;
beforeAll(async () => {
  sample = await sampleContext();
});

/** The error ids a check reports for the sample's HTML with a change. */
async function htmlErrors(check: Check, change: (html: string) => string): Promise<string[]> {
  return ids(errorsOf(check(await variant(sample, { html: change(sample.email.html) }))));
}
const inject = (markup: string) => (html: string) => injectIntoBody(html, markup);

describe('the sample issue', () => {
  it.each([
    ['size', sizeChecks],
    ['client-support', clientSupportChecks],
    ['accessibility', accessibilityChecks],
    ['links', linkChecks],
    ['compliance', complianceChecks],
    ['content', contentChecks],
  ] as const)('passes the %s checks', (_, check) => {
    expect(errorsOf(check(sample))).toEqual([]);
  });
});

describe('size', () => {
  it('fails an issue Gmail would clip', async () => {
    const issue = load(SAMPLE_ISSUE);
    if (issue.template !== 'digest') throw new Error('the sample is a digest');
    const huge = { ...issue, sections: Array.from({ length: 12 }, () => issue.sections).flat() };
    const findings = sizeChecks(await contextOf(huge));
    expect(ids(errorsOf(findings))).toEqual(['size.gmail-clip']);
    expect(findings.find((f) => f.id === 'size.gmail-clip')?.message).toMatch(/^HTML part is \d+\.\d KB; Gmail clips above 102 KB/);
  });

  it('warns from 80 KB', async () => {
    const padded = sample.email.html.replace('</body>', `<p>${'a '.repeat(30_000)}</p></body>`);
    const findings = sizeChecks(await variant(sample, { html: padded }));
    expect(findings.find((f) => f.id === 'size.gmail-clip-risk')?.severity).toBe('warning');
  });

  it('fails a <style> outside <head> and styles over 16 KB', async () => {
    expect(await htmlErrors(sizeChecks, inject('<style>p{color:red}</style>'))).toEqual(['size.style-outside-head']);
    const big = `<style>${'.x{color:red}'.repeat(1400)}</style></head>`;
    expect(await htmlErrors(sizeChecks, (html) => html.replace('</head>', big))).toEqual(['size.style-total']);
  });

  it('reports the sizes', () => {
    expect(sizeChecks(sample).find((f) => f.id === 'size.summary')?.message).toMatch(/^HTML \d+\.\d KB \(limit 102 KB\), text \d+\.\d KB, styles \d+\.\d KB \(limit 16 KB\), message \d+\.\d KB$/);
  });
});

describe('client support', () => {
  it('fails a feature caniemail marks unsupported and the allowlist does not accept', async () => {
    const findings = clientSupportChecks(await variant(sample, { html: inject('<div style="position:fixed">Pinned</div>')(sample.email.html) }));
    const position = findings.find((f) => f.id === 'client-support.caniemail');
    expect(position?.message).toMatch(/^position is not supported in .*gmail\./);
    expect(position?.where).toMatch(/^html:\d+:\d+$/);
  });

  it('has a reason for every allowlist entry and matches client globs', () => {
    for (const entry of CANIEMAIL_ALLOWLIST) expect(entry.reason.length).toBeGreaterThan(30);
    expect(allowlisted('target attribute', 'gmail.ios')).toBeDefined();
    expect(allowlisted('target attribute', 'apple-mail.ios')).toBeUndefined();
    expect(allowlisted('position', 'gmail.ios')).toBeUndefined();
  });

  it.each([
    ['a script', '<script>alert(1)</script>', 'client-support.script'],
    ['a form', '<form action="https://www.canadianmuslimpac.ca/s"><input name="q"></form>', 'client-support.form'],
    ['an external stylesheet', '<link rel="stylesheet" href="https://www.canadianmuslimpac.ca/a.css">', 'client-support.external-stylesheet'],
    ['a data: URI', '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Dot" width="1" height="1">', 'client-support.data-uri'],
    ['an unclosed conditional comment', '<!--[if mso]><table role="presentation"><tr><td>', 'client-support.mso-unbalanced'],
    ['a stray endif', '<!--<![endif]-->', 'client-support.mso-unbalanced'],
  ])('fails %s', async (_, markup, id) => {
    expect(await htmlErrors(clientSupportChecks, inject(markup))).toContain(id);
  });

  it('fails VML without its namespace on <html>', async () => {
    expect(await htmlErrors(clientSupportChecks, (html) => html.replace(' xmlns:v="urn:schemas-microsoft-com:vml"', ''))).toEqual(['client-support.vml-namespace']);
  });
});

describe('accessibility', () => {
  it.each([
    ['no lang on <html>', (h: string) => h.replace(/<html([^>]*) lang="[^"]*"/, '<html$1'), 'accessibility.html-lang'],
    ['no dir on <html>', (h: string) => h.replace(/<html([^>]*) dir="[^"]*"/, '<html$1'), 'accessibility.html-dir'],
    ['no lang on the body content', (h: string) => h.replace(/<body([^>]*) lang="[^"]*"/, '<body$1').replace(/<td dir="(ltr|rtl)" lang="[^"]*"/, '<td dir="$1"'), 'accessibility.content-lang'],
    ['an empty <title>', (h: string) => h.replace(/<title>[^<]*<\/title>/, '<title></title>'), 'accessibility.title'],
    ['a layout table without role', inject('<table><tr><td>Layout</td></tr></table>'), 'accessibility.layout-table-role'],
    ['an image without alt', inject('<img src="https://www.canadianmuslimpac.ca/i.png" width="10" height="10">'), 'accessibility.img-alt'],
    ['a linked image with empty alt', inject('<a href="https://www.canadianmuslimpac.ca/"><img src="https://www.canadianmuslimpac.ca/i.png" alt="" width="10" height="10"></a>'), 'accessibility.img-link-alt'],
    ['two <h1>', inject('<h1 style="color:#102A23">Another title</h1>'), 'accessibility.h1'],
    ['a skipped heading level', inject('<h4 style="color:#102A23">Too deep</h4>'), 'accessibility.heading-order'],
    ['an empty link', inject('<a href="https://www.canadianmuslimpac.ca/x"></a>'), 'accessibility.link-empty'],
    ['light text on white', inject('<p style="color:#9AA5B1;font-size:16px" class="dsp-muted">Pale text</p>'), 'accessibility.contrast-light'],
    ['text that keeps its light colour in dark mode', inject('<div style="color:#1F2933;font-size:16px">Dark on dark</div>'), 'accessibility.contrast-dark'],
    ['small text', inject('<p class="dsp-muted" style="color:#52606D;font-size:12px">Fine print</p>'), 'accessibility.font-size'],
  ])('fails %s', async (_, change, id) => {
    expect(await htmlErrors(accessibilityChecks, change)).toContain(id);
  });

  it('fails vague link texts in English and French, pointing at the content field', async () => {
    const en = accessibilityChecks(await contextOf(brokenFixture('vague-link')));
    expect(errorsOf(en).map((f) => [f.id, f.where])).toEqual([
      ['accessibility.link-vague', 'sections[0].cards[0].summary'],
      ['accessibility.link-vague', 'sections[0].cards[0].link.label'],
    ]);
    const fr = accessibilityChecks(await contextOf(brokenFixture('vague-link-fr')));
    expect(errorsOf(fr).map((f) => [f.id, f.where])).toEqual([['accessibility.link-vague', 'action.links[0].label']]);
  });

  it('fails brand colours without enough contrast, in the light palette', async () => {
    const issue = load(SAMPLE_ISSUE);
    const pale = { ...issue, brand: { ...issue.brand, colors: { primary: '#7FB89E' } } };
    const findings = errorsOf(accessibilityChecks(await contextOf(pale)));
    // Links in the pale colour on white; button labels on it in both palettes (filled buttons keep their colours in dark mode).
    expect(ids(findings)).toEqual(['accessibility.contrast-light', 'accessibility.contrast-dark']);
    expect(findings[0]?.message).toMatch(/^text #7FB89E on #FFFFFF is 2\.27:1 in the light palette \(needs 4\.5:1\), \d+ place\(s\), e\.g\. "View in browser"$/);
  });

  it('measures contrast as WCAG does', () => {
    expect(contrastRatio(parseColor('#000')!, parseColor('#fff')!)).toBeCloseTo(21, 5);
    expect(contrastRatio(parseColor('#777777')!, parseColor('white')!)).toBeCloseTo(4.48, 2);
    expect(parseColor('rgb(11, 110, 79)')).toEqual([11, 110, 79]);
  });
});

describe('links and images', () => {
  it.each([
    ['an http link', inject('<a href="http://www.canadianmuslimpac.ca/x">Our site</a>'), 'links.https'],
    ['a relative link', inject('<a href="/statements">Statements</a>'), 'links.https'],
    ['a javascript: link', inject('<a href="javascript:alert(1)">Open the statement</a>'), 'links.javascript'],
    ['an http image', inject('<img src="http://www.canadianmuslimpac.ca/i.png" alt="Rally" width="10" height="10">'), 'links.img-https'],
    ['an image without width and height', inject('<img src="https://www.canadianmuslimpac.ca/i.png" alt="Rally">'), 'links.img-size'],
    ['an own-domain link without UTM tags', inject('<a href="https://www.canadianmuslimpac.ca/statements/x">Our statement</a>'), 'links.utm'],
    [
      'another domain tagged with our campaign',
      inject('<a href="https://www.parl.ca/?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=2024-09-23-podcast-advocacy-updates&amp;utm_content=x">Parliament</a>'),
      'links.utm-foreign',
    ],
  ])('fails %s', async (_, change, id) => {
    expect(await htmlErrors(linkChecks, change)).toEqual([id]);
  });

  it('checks the VML buttons Outlook reads inside conditional comments', async () => {
    const untagged = sample.email.html.replace(/(<v:roundrect [^>]*href=")[^"]*"/, '$1http://www.canadianmuslimpac.ca/x"');
    expect(ids(errorsOf(linkChecks(await variant(sample, { html: untagged }))))).toEqual(['links.https']);
  });

  it('points at the content field a link came from', async () => {
    const issue = load(SAMPLE_ISSUE);
    const off = { ...issue, brand: { ...issue.brand, utm: { enabled: false, source: 'newsletter', domains: ['canadianmuslimpac.ca'] } } };
    const ctx = await contextOf(off);
    expect(linkChecks(ctx)).toEqual([]); // tagging turned off in the brand: nothing to demand
    const withoutUtmHtml = ctx.email.html;
    const tagged = await contextOf(issue);
    const findings = linkChecks(await variant(tagged, { html: withoutUtmHtml }));
    expect(findings.find((f) => f.where === 'podcast.watchUrl')?.message).toMatch(/lacks or mis-sets utm_source=newsletter&utm_medium=email&utm_campaign=2024-09-23-podcast-advocacy-updates&utm_content=<block>/);
  });
});

describe('compliance', () => {
  const errors = async (change: Parameters<typeof variant>[1], eml?: string) => ids(errorsOf(complianceChecks(await variant(sample, change, eml))));

  it('fails a text part without the mailing address, the contact or the unsubscribe link', async () => {
    const text = sample.email.text.replace('PO Box 41023, RPO Meadowvale', '').replace(/Unsubscribe: .*\n/, '').replaceAll('info@canadianmuslimpac.ca', '');
    expect(await errors({ text })).toEqual(['compliance.mailing-address', 'compliance.contact', 'compliance.unsubscribe-link']);
  });

  it('fails an HTML part whose unsubscribe link is hidden or missing', async () => {
    const url = /<(https:[^>]+)>/.exec(sample.email.headers['List-Unsubscribe']!)![1]!;
    const hidden = sample.email.html.replace(`<a href="${url.replace(/&/g, '&amp;')}"`, `<a style="display:none" href="${url.replace(/&/g, '&amp;')}"`);
    expect(hidden).not.toBe(sample.email.html);
    expect(await errors({ html: hidden })).toEqual(['compliance.unsubscribe-link']);
  });

  it('fails an organisation name missing from the HTML part', async () => {
    expect(await errors({ html: sample.email.html.replaceAll('Canadian Muslim Public Affairs Council', 'CMPAC') })).toContain('compliance.org-name');
  });

  it('fails List-Unsubscribe without mailto and without one-click', async () => {
    const headers = { 'List-Unsubscribe': sample.email.headers['List-Unsubscribe']!.replace(/, <mailto:[^>]+>/, '') };
    expect(await errors({ headers })).toEqual(['compliance.list-unsubscribe', 'compliance.list-unsubscribe-post']);
  });

  it('fails missing Date, Message-ID and From headers, and a message that is not multipart', async () => {
    const eml = sample.eml.replace(/^Date: .*\r\n/m, '').replace(/^Message-ID:.*\r\n( .*\r\n)?/m, '').replace(/^From: .*\r\n/m, '');
    expect(await errors({}, eml)).toEqual(['compliance.header-date', 'compliance.header-message-id', 'compliance.header-from']);
    const htmlOnly = sample.eml.replace(/multipart\/alternative/, 'multipart/mixed');
    expect(await errors({}, htmlOnly)).toEqual(['compliance.multipart']);
  });
});

describe('content', () => {
  it.each([
    ['long-subject', 'content.subject-length', 'subject'],
    ['short-preheader', 'content.preheader-length', 'preheader'],
    ['preheader-is-subject', 'content.preheader-subject', 'preheader'],
  ])('%s fails with %s at %s', async (name, id, where) => {
    const findings = errorsOf(contentChecks(await contextOf(brokenFixture(name))));
    expect(findings.map((f) => [f.id, f.where])).toEqual([[id, where]]);
  });
});
