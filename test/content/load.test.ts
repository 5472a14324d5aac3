import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError } from '../../src/errors/errors.ts';
import { loadIssue, loadIssueContent } from '../../src/content/load.ts';
import { SAMPLE_ISSUE, tempContent } from '../support/content.ts';

const sample = readFileSync(SAMPLE_ISSUE, 'utf8');

/** The problems a content file is refused with (fails the test if it is accepted). */
function problemsOf(yaml: string | Buffer): string[] {
  const { issue } = tempContent({ 'issue.yaml': yaml });
  try {
    loadIssue(issue('issue.yaml'));
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as ContentError).problems.map((p) => p.replace(/^.*issue\.yaml/, 'issue.yaml'));
  }
  throw new Error('the content was accepted');
}

const MINIMAL = `template: digest
subject: Weekly update
preheader: This week in advocacy, and what you can do about it
date: 2024-09-23
locale: en-CA
title: Weekly update
sections:
  - heading: Advocacy Updates
    cards:
      - date: 2024-09-23
        title: A statement
        summary: Summary text.
        link: { label: Read our Full Statement Here, url: "https://www.canadianmuslimpac.ca/s/1" }
`;

describe('loadIssue', () => {
  it('loads the sample issue with its brand and slug', () => {
    const issue = loadIssue(SAMPLE_ISSUE);
    expect(issue.template).toBe('digest');
    expect(issue.slug).toBe('2024-09-23-podcast-advocacy-updates');
    expect(issue.brand.shortName).toBe('CMPAC');
    expect(issue.template === 'digest' && issue.sections[0]!.cards).toHaveLength(5);
  });

  it('accepts a minimal digest', () => {
    const { issue } = tempContent({ 'ok.yaml': MINIMAL });
    expect(loadIssue(issue('ok.yaml')).title).toBe('Weekly update');
  });

  it('names the line and field of a missing required field', () => {
    const problems = problemsOf(MINIMAL.replace('        title: A statement\n', ''));
    expect(problems).toEqual(['issue.yaml:10: sections[0].cards[0].title: is required; add it']);
  });

  it('refuses non-https links and images, allowing mailto for links', () => {
    const yaml = MINIMAL.replace('url: "https://www.canadianmuslimpac.ca/s/1"', 'url: "http://www.canadianmuslimpac.ca/s/1"');
    expect(problemsOf(yaml)).toEqual(['issue.yaml:13: sections[0].cards[0].link.url: must be an https:// or mailto: URL (got http:)']);
    const mailto = MINIMAL.replace('url: "https://www.canadianmuslimpac.ca/s/1"', 'url: "mailto:info@canadianmuslimpac.ca"');
    const { issue } = tempContent({ 'm.yaml': mailto });
    expect(loadIssue(issue('m.yaml')).template).toBe('digest');
    const image = `${MINIMAL}keepReading:\n  posts:\n    - { title: T, url: "https://a.example/p", image: { src: "mailto:x@y.org", alt: A photo, width: 10, height: 10 } }\n  moreUrl: https://a.example/more\n`;
    expect(problemsOf(image)).toEqual(['issue.yaml:16: keepReading.posts[0].image.src: must be an https:// URL (got mailto:)']);
  });

  it.each([
    ['javascript:alert(1)', 'must be an https:// or mailto: URL (got javascript:)'],
    ['data:text/html,<b>x</b>', 'must be an https:// or mailto: URL (got data:)'],
    ['vbscript:msgbox', 'must be an https:// or mailto: URL (got vbscript:)'],
    ['//evil.example/x', 'must start with https:// (protocol-relative links break in mail clients)'],
    [' https://www.canadianmuslimpac.ca/x', 'must not contain spaces'],
    ['https://user:s3cret@www.canadianmuslimpac.ca/x', 'must not hold a user name or password (a reader could not tell the real host)'],
    ['https://www.canadianmuslimpac.ca@evil.example/x', 'must not hold a user name or password (a reader could not tell the real host)'],
  ])('refuses the link %j', (url, message) => {
    const yaml = MINIMAL.replace('"https://www.canadianmuslimpac.ca/s/1"', JSON.stringify(url));
    expect(problemsOf(yaml)).toEqual([`issue.yaml:13: sections[0].cards[0].link.url: ${message}`]);
  });

  it('refuses dangerous links inside Markdown summaries', () => {
    const yaml = MINIMAL.replace('summary: Summary text.', 'summary: "Click [here](javascript:alert(1)) now."');
    expect(problemsOf(yaml)).toEqual(['issue.yaml:12: sections[0].cards[0].summary: link "javascript:alert(1)" must be an https:// or mailto: URL (got javascript:)']);
  });

  it.each([
    ['[x](<javascript:alert(1)\\n>)', 'link "javascript:alert(1) " must be an https:// or mailto: URL (got javascript:)'],
    ['[x](<data:text/html;base64,PHNjcmlwdD4=\\n>)', 'link "data:text/html;base64,PHNjcmlwdD4= " must be an https:// or mailto: URL (got data:)'],
    ['[x](<java\\tscript:alert(1)\\n>)', 'link "java\\tscript:alert(1) " must be an https:// or mailto: URL (got javascript:)'],
    ['[x](<JAVASCRIPT:alert(1)\\n>)', 'link "JAVASCRIPT:alert(1) " must be an https:// or mailto: URL (got javascript:)'],
    ['[x](<&#106;avascript:alert(1)\\n>)', 'link "&#106;avascript:alert(1) " must be a full https:// or mailto: URL'],
  ])('refuses a Markdown link broken across lines inside <…>: %s', (link, message) => {
    const yaml = MINIMAL.replace('summary: Summary text.', `summary: "Click ${link} now."`);
    expect(problemsOf(yaml)).toEqual([`issue.yaml:12: sections[0].cards[0].summary: ${message}`]);
  });

  describe('merge fields in links', () => {
    const NOT_IN_LINKS = 'merge fields are not allowed in links; write the address in full (a merge field may go in the text around the link)';
    it.each([
      ['an own (UTM-tagged) link', 'https://www.canadianmuslimpac.ca/s/1?name={{first_name}}'],
      ['another site’s link', 'https://petition.example/sign?name={{first_name|friend}}'],
      ['a mailto link', 'mailto:{{email}}'],
      ['a merge field written percent-encoded', 'https://www.canadianmuslimpac.ca/s/%7B%7Bfirst_name%7D%7D'],
    ])('refuses one in a link field: %s', (_name, url) => {
      const yaml = MINIMAL.replace('"https://www.canadianmuslimpac.ca/s/1"', JSON.stringify(url));
      expect(problemsOf(yaml)).toEqual([`issue.yaml:13: sections[0].cards[0].link.url: ${NOT_IN_LINKS}`]);
    });

    it.each([
      ['an own (UTM-tagged) link', '[read it](https://www.canadianmuslimpac.ca/s/{{first_name}})', 'https://www.canadianmuslimpac.ca/s/{{first_name}}'],
      ['another site’s link', '[sign](<https://petition.example/?n={{ first_name | friend }}>)', 'https://petition.example/?n={{ first_name | friend }}'],
      ['a bare URL', 'see https://petition.example/{{first_name}} today', 'https://petition.example/{{first_name}}'],
    ])('refuses one in a Markdown link: %s', (_name, summary, href) => {
      const yaml = MINIMAL.replace('summary: Summary text.', `summary: ${JSON.stringify(summary)}`);
      expect(problemsOf(yaml)).toEqual([`issue.yaml:12: sections[0].cards[0].summary: link ${JSON.stringify(href)} ${NOT_IN_LINKS}`]);
    });

    it('refuses any other merge field in the brand’s URLs, the unsubscribe URL included', () => {
      const brandYaml = readFileSync('content/brand.yaml', 'utf8');
      const { dir, issue } = tempContent({ 'ok.yaml': MINIMAL });
      writeFileSync(
        path.join(dir, 'brand.yaml'),
        brandYaml.replace(/^donateUrl: .*$/m, 'donateUrl: https://www.canadianmuslimpac.ca/donate?by={{email}}').replace('?token={{token}}', '?token={{token}}&n={{first_name}}'),
      );
      try {
        loadIssue(issue('ok.yaml'));
        throw new Error('the brand was accepted');
      } catch (error) {
        const lineOf = (pattern: RegExp) => brandYaml.split('\n').findIndex((line) => pattern.test(line)) + 1;
        expect((error as ContentError).problems.map((p) => p.replace(/^.*brand\.yaml/, 'brand.yaml'))).toEqual([
          `brand.yaml:${lineOf(/^donateUrl:/)}: donateUrl: ${NOT_IN_LINKS}`,
          `brand.yaml:${lineOf(/^ {2}url: .*\{\{token\}\}/)}: unsubscribe.url: ${NOT_IN_LINKS}`,
        ]);
      }
    });

    it('keeps merge fields in link text, and the brand’s {{token}} in its unsubscribe URL', () => {
      const yaml = MINIMAL.replace('summary: Summary text.', 'summary: "[Sign it, {{first_name|friend}}](https://petition.example/sign)"');
      const { issue } = tempContent({ 't.yaml': yaml });
      expect(loadIssue(issue('t.yaml')).brand.unsubscribe.url).toContain('{{token}}');
    });
  });

  it('refuses images without alt text', () => {
    const yaml = `${MINIMAL}keepReading:\n  posts:\n    - { title: T, url: "https://a.example/p", image: { src: "https://a.example/i.png", alt: "", width: 10, height: 10 } }\n  moreUrl: https://a.example/more\n`;
    expect(problemsOf(yaml)).toEqual(['issue.yaml:16: keepReading.posts[0].image.alt: must not be empty']);
    const missing = yaml.replace('alt: "", ', '');
    expect(problemsOf(missing)).toEqual(['issue.yaml:16: keepReading.posts[0].image.alt: is required; add it']);
  });

  it('refuses unknown templates, listing the known ones', () => {
    expect(problemsOf(MINIMAL.replace('template: digest', 'template: newsletter'))).toEqual(['issue.yaml:1: template: must be one of: digest, action-alert']);
  });

  it('refuses unknown fields and suggests the intended one', () => {
    const problems = problemsOf(MINIMAL.replace('        summary: Summary text.', '        summry: Summary text.'));
    expect(problems).toContain('issue.yaml:12: sections[0].cards[0].summry: unknown field; did you mean "summary"?');
    expect(problems).toContain('issue.yaml:10: sections[0].cards[0].summary: is required; add it');
  });

  it.each(['2024-02-30', '23/09/2024', 'next tuesday'])('refuses the date %j', (date) => {
    expect(problemsOf(MINIMAL.replace('date: 2024-09-23\nlocale', `date: "${date}"\nlocale`))).toEqual(['issue.yaml:4: date: must be a real date written as YYYY-MM-DD']);
  });

  it('reports every problem at once', () => {
    const yaml = MINIMAL.replace('locale: en-CA', 'locale: not a locale!').replace('title: Weekly update\nsections', 'title: ""\nsections').replace('heading: Advocacy Updates', 'heading: 42');
    expect(problemsOf(yaml)).toEqual([
      'issue.yaml:5: locale: must be a BCP 47 language tag such as en-CA, fr-CA or ar',
      'issue.yaml:6: title: must not be empty',
      'issue.yaml:8: sections[0].heading: must be a string (got number 42)',
    ]);
  });

  it('refuses line breaks in the subject (header injection)', () => {
    const yaml = MINIMAL.replace('subject: Weekly update', 'subject: "Weekly\\r\\nBcc: everyone@example.org"');
    expect(problemsOf(yaml)).toEqual(['issue.yaml:2: subject: must be a single line (line breaks in a header let anyone inject headers)']);
  });

  it('refuses malformed merge fields', () => {
    expect(problemsOf(`${MINIMAL}greeting: "Hello {{first name}},"\n`)).toEqual(['issue.yaml:14: greeting: has a malformed merge field; write {{name}} or {{name|fallback}}']);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('template: digest\nsubject: [unclosed\npreheader: x\n');
    expect(problems[0]).toMatch(/^issue\.yaml:\d+: .*\(fix the YAML syntax/);
  });

  it('refuses files that are not UTF-8, naming the line', () => {
    const [before, after] = MINIMAL.split('title: Weekly update\n');
    const latin1 = Buffer.concat([Buffer.from(`${before}title: Caf`), Buffer.from([0xe9]), Buffer.from(`\n${after}`)]);
    const { issue } = tempContent({ 'l.yaml': latin1 });
    expect(() => loadIssueContent(issue('l.yaml'))).toThrow(/l\.yaml:6: the file is not valid UTF-8/);
  });

  it('refuses an issue file over 1 MB before reading it, naming its size', () => {
    const big = `${MINIMAL}# ${'x'.repeat(2_000_000)}\n`;
    const { issue } = tempContent({ 'big.yaml': big });
    expect(() => loadIssueContent(issue('big.yaml'))).toThrow(/big\.yaml: the file is 2\.0 MB, more than the 1 MB a content file may be; check that it is the file you meant$/);
    // 150 MB would take gigabytes to parse (and crash Node); a sparse file costs no disk, and is refused at once.
    const { issue: huge } = tempContent({ 'huge.yaml': MINIMAL });
    truncateSync(huge('huge.yaml'), 150_000_000);
    expect(() => loadIssue(huge('huge.yaml'))).toThrow(/huge\.yaml: the file is 150\.0 MB, more than the 1 MB a content file may be; check that it is the file you meant$/);
  });

  it('refuses a brand file over 1 MB the same way', () => {
    const { dir, issue } = tempContent({ 'ok.yaml': MINIMAL });
    truncateSync(path.join(dir, 'brand.yaml'), 50_000_000);
    try {
      loadIssue(issue('ok.yaml'));
      throw new Error('the brand was accepted');
    } catch (error) {
      expect((error as ContentError).problems).toEqual([expect.stringMatching(/brand\.yaml: the file is 50\.0 MB, more than the 1 MB a content file may be; check that it is the file you meant$/)]);
    }
  });

  it('keeps hostile text as data (rendering escapes it)', () => {
    const yaml = MINIMAL.replace('title: A statement', 'title: "<script>alert(1)</script>"');
    const { issue } = tempContent({ 'h.yaml': yaml });
    const loaded = loadIssue(issue('h.yaml'));
    expect(loaded.template === 'digest' && loaded.sections[0]!.cards[0]!.title).toBe('<script>alert(1)</script>');
  });

  it('finds the sample file valid as committed', () => {
    expect(() => loadIssueContent(SAMPLE_ISSUE)).not.toThrow();
    expect(sample).toContain('template: digest');
  });
});
