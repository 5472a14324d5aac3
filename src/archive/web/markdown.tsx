/**
 * Inline Markdown as web HTML: the same tokens (`lexMarkdown`, the one reader
 * the schema validates) as the email's InlineMarkdown, written as plain `<p>` and
 * `<a>` without the email's inline styles, so the stylesheet (and dark mode) applies.
 */
import type { ReactNode } from 'react';
import { decodeEntities, lexMarkdown, type Token } from '../../../components/inline-markdown/lex.ts';

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
        return children ?? decodeEntities(token.text);
      case 'escape':
        return token.text;
      case 'codespan':
        return decodeEntities(token.text);
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
      {lexMarkdown(children).map((tokens, index) => (
        <p key={index}>{inline(tokens)}</p>
      ))}
    </>
  );
}
