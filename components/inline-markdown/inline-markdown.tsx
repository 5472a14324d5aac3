import type { CSSProperties, ReactNode } from 'react';
import { decodeEntities, lexMarkdown, type Token } from './lex.ts';
import { linkText, useTheme } from '../theme/index.ts';

export type InlineMarkdownProps = Readonly<{
  /** Markdown: links, **bold**, *italic*; a blank line starts a new paragraph. Raw HTML shows as text. Required. */
  children: string;
  /** Extra paragraph styles, applied after the base styles. Default: none. */
  style?: CSSProperties;
  /** Class names for the paragraphs (for dark mode). Default: none (a paragraph takes the body-text colour in dark mode). */
  className?: string;
}>;

function renderTokens(tokens: readonly Token[], linkStyle: CSSProperties, keyPrefix: string): ReactNode[] {
  return tokens.map((token, index) => {
    const key = `${keyPrefix}${index}`;
    switch (token.type) {
      case 'strong':
        return <strong key={key}>{renderTokens(token.tokens ?? [], linkStyle, `${key}.`)}</strong>;
      case 'em':
        return <em key={key}>{renderTokens(token.tokens ?? [], linkStyle, `${key}.`)}</em>;
      case 'del':
        return <del key={key}>{renderTokens(token.tokens ?? [], linkStyle, `${key}.`)}</del>;
      case 'link':
        return (
          <a key={key} href={token.href} style={linkStyle}>
            {renderTokens(token.tokens ?? [], linkStyle, `${key}.`)}
          </a>
        );
      case 'br':
        return <br key={key} />;
      case 'text':
        return 'tokens' in token && token.tokens ? renderTokens(token.tokens, linkStyle, `${key}.`) : decodeEntities(token.text);
      case 'escape':
        return token.text;
      case 'codespan':
        return decodeEntities(token.text);
      default:
        // Raw HTML and anything else is shown as the text the author typed.
        return token.raw;
    }
  });
}

/** Renders an inline-Markdown string as paragraphs of email-safe text. */
export function InlineMarkdown({ children, style, className }: InlineMarkdownProps) {
  const theme = useTheme();
  const base: CSSProperties = {
    color: theme.colors.text,
    fontSize: theme.fontSizes.body,
    margin: `0 0 ${theme.space.md}px`,
  };
  const linkStyle: CSSProperties = linkText(theme);
  return (
    <>
      {lexMarkdown(children).map((tokens, index) => (
        <p key={index} className={className} style={style ? { ...base, ...style } : base}>
          {renderTokens(tokens, linkStyle, `${index}.`)}
        </p>
      ))}
    </>
  );
}
