/**
 * Inline Markdown as web HTML: the same tokens (`lexMarkdown`, the one reader
 * the schema validates) and the same walk (`visitInline`) as the email's InlineMarkdown, written as plain `<p>` and
 * `<a>` without the email's inline styles, so the stylesheet (and dark mode) applies.
 */
import type { ReactNode } from 'react';
import { lexMarkdown, visitInline, type InlineRenderer } from '../../content/markdown.ts';

/** The web's output: plain elements, styled by the stylesheet. */
const webRenderer: InlineRenderer<ReactNode> = {
  emphasis: (Kind, children, key) => <Kind key={key}>{children}</Kind>,
  link: (href, children, key) => (
    <a key={key} href={href}>
      {children}
    </a>
  ),
  br: (key) => <br key={key} />,
  text: (text) => text,
};

/** Paragraphs of inline Markdown. */
export function Markdown({ children }: { children: string }) {
  return (
    <>
      {lexMarkdown(children).map((tokens, index) => (
        <p key={index}>{visitInline(tokens, webRenderer, `${index}.`)}</p>
      ))}
    </>
  );
}
