/**
 * One Markdown reader, three outputs: the email's InlineMarkdown, the web
 * archive's Markdown and the plain-text part walk the same tokens with the same
 * visitor (visitInline), so the same source shows the same words and the same
 * links in each.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { InlineMarkdown } from '../../components/index.ts';
import { Markdown } from '../../src/archive/web/markdown.tsx';
import { markdownToText } from '../../src/render/plain-text.ts';
import { loadHtml, normalise } from '../support/html.ts';

const TRICKY: readonly { source: string; shows: readonly string[] }[] = [
  { source: 'AT&amp;T, R&D and &lt;b&gt; &copy; &#169;', shows: ['AT&T, R&D and <b> &copy; ©'] },
  { source: 'raw <b>html</b> & an escaped \\*star\\*', shows: ['raw <b>html</b> & an escaped *star*'] },
  { source: '***both*** and **bold *nested em* bold** and ~~gone **too**~~', shows: ['both and bold nested em bold and gone too'] },
  { source: '[Foo](https://en.wikipedia.org/wiki/Foo_(bar)) and [spaced](<https://a.example/x (1)>)', shows: ['Foo and spaced'] },
  { source: '**[bold link](https://a.example/b)** and *[em link](https://a.example/e?a=1&b=2)*', shows: ['bold link and em link'] },
  { source: '[Hi {{first_name|friend}}](https://a.example/hi) and {{first_name|(}}', shows: ['Hi {{first_name|friend}} and {{first_name|(}}'] },
  { source: 'one\n[two](https://a.example/2)\n\n three `co&amp;de`', shows: ['one two', 'three co&de'] },
  { source: 'bare https://a.example/bare and <https://a.example/angle>', shows: ['bare https://a.example/bare and https://a.example/angle'] },
];

type Written = Readonly<{ paragraphs: string[]; links: { label: string; href: string }[]; asText: string[] }>;

/** What a reader sees in HTML: each paragraph's text, the links, and each paragraph as the plain-text part writes it. */
function read(html: string): Written {
  const $ = loadHtml(html);
  const links = $('a')
    .toArray()
    .map((a) => ({ label: normalise($(a).text()), href: $(a).attr('href') ?? '' }));
  const paragraphs = $('p')
    .toArray()
    .map((p) => normalise($(p).text()));
  $('a').each((_, a) => {
    const label = normalise($(a).text());
    const href = $(a).attr('href') ?? '';
    $(a).replaceWith(label === href ? href : `${label} (${href})`);
  });
  const asText = $('p')
    .toArray()
    .map((p) => normalise($(p).text()));
  return { paragraphs, links, asText };
}

describe('one Markdown reader, three outputs', () => {
  it.each(TRICKY)('the email, the web page and the plain text agree: $source', ({ source, shows }) => {
    const email = read(renderToStaticMarkup(<InlineMarkdown>{source}</InlineMarkdown>));
    const web = read(renderToStaticMarkup(<Markdown>{source}</Markdown>));
    const text = markdownToText(source).split('\n\n').map(normalise);
    expect(email.paragraphs).toEqual(shows);
    expect(web).toEqual(email);
    // The plain-text part writes code spans as typed; everything else as the HTML shows it, links "label (url)".
    expect(text).toEqual(source.includes('`') ? email.asText.map((p) => p.replace('co&de', '`co&amp;de`')) : email.asText);
  });

  it('shows AT&T as AT&T everywhere (an entity is decoded once, then escaped by each output)', () => {
    const source = 'AT&amp;T';
    expect(read(renderToStaticMarkup(<InlineMarkdown>{source}</InlineMarkdown>)).paragraphs).toEqual(['AT&T']);
    expect(read(renderToStaticMarkup(<Markdown>{source}</Markdown>)).paragraphs).toEqual(['AT&T']);
    expect(markdownToText(source)).toBe('AT&T');
  });

  it('writes the links with parentheses and merge fields whole, in every output', () => {
    const source = TRICKY[3]!.source + ' ' + TRICKY[5]!.source;
    const email = read(renderToStaticMarkup(<InlineMarkdown>{source}</InlineMarkdown>));
    expect(email.links).toEqual([
      { label: 'Foo', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' },
      { label: 'spaced', href: 'https://a.example/x (1)' },
      { label: 'Hi {{first_name|friend}}', href: 'https://a.example/hi' },
    ]);
    expect(markdownToText(source)).toContain('Foo (https://en.wikipedia.org/wiki/Foo_(bar))');
    expect(markdownToText(source)).toContain('Hi {{first_name|friend}} (https://a.example/hi)');
  });
});
