/**
 * One reader of inline Markdown: the links the schema validates are exactly
 * the links every renderer writes (the email component, the plain-text part,
 * UTM tagging and the web archive), however the Markdown is broken across lines.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { InlineMarkdown } from '../../components/index.ts';
import { Markdown } from '../../src/archive/web/markdown.tsx';
import { markdown, markdownLinks } from '../../src/content/content-schema.ts';
import { markdownToText } from '../../src/render/plain-text.ts';
import { retargetMarkdownLinks } from '../../src/render/utm.ts';
import { links } from '../support/html.ts';

/** Markdown whose links depend on how line breaks are read. */
const TRICKY = [
  '[x](<javascript:alert(1)\n>)',
  '[x](<data:text/html;base64,PHNjcmlwdD4=\n>)',
  '[x](<java\tscript:alert(1)\n>)',
  '[x](<JAVASCRIPT:alert(1)\n>)',
  '[x](<&#106;avascript:alert(1)\n>)',
  '[x](<https://a.example/one\n>)',
  '[a\nb](https://a.example/two)',
  '[x](\nhttps://a.example/three)',
  '[x](https://a.example/four\n"title")',
  'see https://a.example/five\nand more, or write to info@a.example',
  '**[bold\nlink](https://a.example/six)** and <https://a.example/seven>',
  'one [x](https://a.example/a)\n\n  two [y](<https://a.example/b\n>)\n \n three',
  '[outer [inner](https://a.example/c)](https://a.example/d)',
  '~~[gone](https://a.example/e)~~[x]\n(https://a.example/f)',
];

/** React 19 writes a javascript: href as its own placeholder; the link is still written, so it still counts. */
const BLOCKED = 'javascript: (blocked by React)';
const REACT_PLACEHOLDER = /^javascript:throw new Error\('React has blocked/;
const hrefsIn = (html: string) => links(html).map(({ href }) => (REACT_PLACEHOLDER.test(href) ? BLOCKED : href));
const schemeOf = (href: string) => (URL.canParse(href) ? new URL(href).protocol : undefined);

describe('the links the schema validates', () => {
  it.each(TRICKY)('are the links every renderer writes: %j', (source) => {
    const validated = markdownLinks(source);
    const inHtml = validated.map((href) => (schemeOf(href) === 'javascript:' ? BLOCKED : href));
    expect(hrefsIn(renderToStaticMarkup(<InlineMarkdown>{source}</InlineMarkdown>))).toEqual(inHtml);
    expect(hrefsIn(renderToStaticMarkup(<Markdown>{source}</Markdown>))).toEqual(inHtml);
    const retargeted: string[] = [];
    retargetMarkdownLinks(source, (href) => (retargeted.push(href), href));
    expect(retargeted).toEqual(validated);
    const text = markdownToText(source);
    for (const href of validated) expect(text).toContain(href);
  });

  it.each(TRICKY.filter((source) => /script|data:/i.test(source)))('refuse a dangerous link broken across lines: %j', (source) => {
    expect(markdown.safeParse(source).success).toBe(false);
  });
});
