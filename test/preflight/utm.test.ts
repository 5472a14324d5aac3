/** UTM tagging of the issue data before rendering: own domains tagged per block, everything else untouched, both parts alike. */
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../src/render/render-issue.ts';
import { campaignOf, isOwnDomain, retargetMarkdownLinks, tagIssueLinks, tagUrl } from '../../src/render/utm.ts';
import { SAMPLE_ACTION_ALERT, SAMPLE_ISSUE } from '../support/content.ts';
import { load } from '../support/preflight.ts';

const SETTINGS = { source: 'newsletter', campaign: 'issue-1', domains: ['canadianmuslimpac.ca'] };
const TAGS = 'utm_source=newsletter&utm_medium=email&utm_campaign=2024-09-23-podcast-advocacy-updates';

describe('tagUrl', () => {
  it('adds the four parameters to the organisation and its subdomains, keeping the query', () => {
    expect(tagUrl('https://www.canadianmuslimpac.ca/statements/one?a=1&b=2', 'statement-1', SETTINGS)).toBe(
      'https://www.canadianmuslimpac.ca/statements/one?a=1&b=2&utm_source=newsletter&utm_medium=email&utm_campaign=issue-1&utm_content=statement-1',
    );
    expect(isOwnDomain('https://canadianmuslimpac.ca/', SETTINGS.domains)).toBe(true);
    expect(isOwnDomain('https://notcanadianmuslimpac.ca/', SETTINGS.domains)).toBe(false);
  });

  it('leaves other domains, mailto and parameters the author wrote alone', () => {
    expect(tagUrl('https://x.com/CanMuslimPAC', 'share', SETTINGS)).toBe('https://x.com/CanMuslimPAC');
    expect(tagUrl('mailto:info@canadianmuslimpac.ca', 'footer', SETTINGS)).toBe('mailto:info@canadianmuslimpac.ca');
    expect(tagUrl('https://canadianmuslimpac.ca/d?utm_source=flyer', 'donate', SETTINGS)).toBe(
      'https://canadianmuslimpac.ca/d?utm_source=flyer&utm_medium=email&utm_campaign=issue-1&utm_content=donate',
    );
  });
});

describe('retargetMarkdownLinks', () => {
  it('rewrites link targets inside Markdown, nested emphasis and bare URLs, and nothing else', () => {
    const retarget = (href: string) => `${href}#t`;
    const markdown = 'See **[our statement](https://a.org/s "Title")** and\n[the *audio*](https://a.org/p).\n\nBare https://a.org/b, code `[x](y)`.';
    // Lines are joined as every renderer joins them (a line break in a paragraph reads as a space).
    expect(retargetMarkdownLinks(markdown, retarget)).toBe(
      'See **[our statement](https://a.org/s#t "Title")** and [the *audio*](https://a.org/p#t).\n\nBare https://a.org/b#t, code `[x](y)`.',
    );
  });
});

describe('tagIssueLinks on the sample', () => {
  it('names the block each link sits in', () => {
    const issue = tagIssueLinks(load(SAMPLE_ISSUE));
    if (issue.template !== 'digest') throw new Error('the sample is a digest');
    expect(issue.podcast?.watchUrl).toBe(`https://www.canadianmuslimpac.ca/podcast/the-political-muslim/episode-3/watch?${TAGS}&utm_content=podcast`);
    expect(issue.podcast?.summary).toContain(`(https://www.canadianmuslimpac.ca/podcast/youtube?${TAGS}&utm_content=podcast)`);
    expect(issue.sections[0]?.cards[2]?.link?.url).toMatch(/&utm_content=statement-3$/);
    expect(issue.appeal?.button.url).toMatch(/\/donate\?.*&utm_content=donate$/);
    expect(issue.keepReading?.moreUrl).toMatch(/&utm_content=keep-reading$/);
    expect(issue.brand.donateUrl).toMatch(/&utm_content=share$/);
    expect(issue.brand.privacyUrl).toMatch(/&utm_content=footer$/);
    expect(issue.brand.social.map((s) => s.url)).toEqual(load(SAMPLE_ISSUE).brand.social.map((s) => s.url)); // other organisations' sites
    expect(issue.brand.unsubscribe).toEqual(load(SAMPLE_ISSUE).brand.unsubscribe);
  });

  it('writes the same tagged URLs in the HTML and the text part', async () => {
    const { html, text } = await renderTemplate(load(SAMPLE_ACTION_ALERT));
    const url = `https://www.canadianmuslimpac.ca/act/two-way-arms-embargo?utm_source=newsletter&utm_medium=email&utm_campaign=2024-10-02-email-your-mp-arms-embargo&utm_content=action`;
    expect(text).toContain(`Email your MP: ${url}`);
    expect(html).toContain(`href="${url.replace(/&/g, '&amp;')}"`);
    expect(html).toContain('href="{{unsubscribe_url|https://www.canadianmuslimpac.ca/newsletter/unsubscribe}}"');
    expect(html).toContain('href="mailto:info@canadianmuslimpac.ca"');
  });

  it('tags nothing when the brand turns tagging off', () => {
    const issue = load(SAMPLE_ISSUE);
    const off = { ...issue, brand: { ...issue.brand, utm: { enabled: false, source: 'newsletter', domains: ['canadianmuslimpac.ca'] } } };
    expect(tagIssueLinks(off)).toBe(off);
  });

  it('names the campaign after the file, or the date and title for issues built in code', () => {
    const issue = load(SAMPLE_ISSUE);
    expect(campaignOf(issue)).toBe('2024-09-23-podcast-advocacy-updates');
    expect(campaignOf({ ...issue, slug: undefined, title: 'Nouvel épisode : l’ONU & nous' } as never)).toBe('2024-09-23-nouvel-episode-l-onu-nous');
  });
});
