import { describe, expect, it } from 'vitest';
import { loadIssue } from '../../src/content/load.ts';
import { renderIssue } from '../../src/render/render-issue.ts';
import { links, loadHtml, visibleText } from '../support/html.ts';
import { SAMPLE_ACTION_ALERT } from '../support/content.ts';

describe('action-alert template', async () => {
  const issue = loadIssue(SAMPLE_ACTION_ALERT);
  const { html, text, subject, preheader } = await renderIssue(issue, { recipient: { first_name: 'Yusuf' } });
  const $ = loadHtml(html);

  it('leads with one call to action, context and supporting links', () => {
    const body = visibleText(html);
    expect(body).toContain('Salaam Yusuf,');
    expect(body).toContain('Parliament debates the arms trade this week.');
    expect($('strong').first().text()).toBe('two-way arms embargo');
    expect(html).toMatch(/<v:roundrect [^>]*href="https:\/\/www\.canadianmuslimpac\.ca\/act\/two-way-arms-embargo\?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=2024-10-02-email-your-mp-arms-embargo&amp;utm_content=action"/);
    const labels = links(html).map((l) => l.label);
    expect(labels).toEqual(expect.arrayContaining(['Email your MP', 'Read our brief on Canadian arms exports', "Find your MP's office hours", 'Donate']));
  });

  it('shares the header and the legal footer with the digest', () => {
    expect($('h1').text()).toBe('Email Your MP Today for a Two-Way Arms Embargo');
    expect(visibleText(html)).toContain('PO Box 41023, RPO Meadowvale');
    expect(links(html).map((l) => l.label)).toEqual(expect.arrayContaining(['Unsubscribe', 'Privacy Policy', 'Terms of Use']));
  });

  it('returns subject and preheader, and a plain-text part with the button as Label: URL', () => {
    expect(subject).toBe('Act now: email your MP for a two-way arms embargo');
    expect(preheader).toBe('It takes two minutes, and MPs count every message before the vote');
    expect(text).toContain('Email your MP: https://www.canadianmuslimpac.ca/act/two-way-arms-embargo?utm_source=newsletter&utm_medium=email&utm_campaign=2024-10-02-email-your-mp-arms-embargo&utm_content=action');
    expect(text).toContain('Parliament debates the arms trade this week. Canada still allows military exports to Israel through loopholes, and imports Israeli military technology. A two-way arms embargo closes both.');
  });
});
