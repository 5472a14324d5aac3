/**
 * Inline Markdown as web HTML: the same tokens (`lexInline`) and paragraphs
 * (`paragraphs`) as the email's InlineMarkdown, written as plain `<p>` and
 * `<a>` without the email's inline styles, so the stylesheet (and dark mode) applies.
 */
import type { ReactNode } from 'react';
import type { Token } from 'marked';
import { paragraphs } from '../../../components/inline-markdown/index.ts';
import { lexInline } from '../../content/schema.ts';

function inline(tokens: readonly Token[]): ReactNode[] {
  return tokens.map((token, key) => {
    const children = 'tokens' in token && token.tokens ? inline(token.tokens) : null;
    switch (token.type) {
      case 'strong':
        return <strong key={key}>{children}</strong>;
      case 'em':
        return <em key={key}>{children}</em>;
      case 'del':
        return <del key={key}>{children}</del>;
      case 'link':
        return (
          <a key={key} href={token.href}>
            {children}
          </a>
        );
      case 'br':
        return <br key={key} />;
      case 'text':
        return children ?? token.text;
      case 'escape':
      case 'codespan':
        return token.text;
      default:
        // Raw HTML and anything else shows as the text the author typed (React escapes it).
        return token.raw;
    }
  });
}

/** Paragraphs of inline Markdown. */
export function Markdown({ children }: { children: string }) {
  return (
    <>
      {paragraphs(children).map((paragraph, index) => (
        <p key={index}>{inline(lexInline(paragraph))}</p>
      ))}
    </>
  );
}
