import type { CSSProperties, ReactNode } from 'react';
import { Link, Text } from 'react-email';
import type { Token } from 'marked';
import { lexInline } from '../../src/content/schema.ts';
import { DARK, useTheme } from '../theme/index.ts';

export type InlineMarkdownProps = Readonly<{
  /** Markdown: links, **bold**, *italic*; a blank line starts a new paragraph. Raw HTML shows as text. Required. */
  children: string;
  /** Extra paragraph styles, applied after the base styles. Default: none. */
  style?: CSSProperties;
  /** Class names for the paragraphs (for dark mode). Default: the body-text class. */
  className?: string;
}>;

/** Splits Markdown into paragraphs at blank lines. */
export function paragraphs(markdown: string): string[] {
  return markdown
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
}

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
          <Link key={key} href={token.href} className={DARK.link} style={linkStyle}>
            {renderTokens(token.tokens ?? [], linkStyle, `${key}.`)}
          </Link>
        );
      case 'br':
        return <br key={key} />;
      case 'text':
        return 'tokens' in token && token.tokens ? renderTokens(token.tokens, linkStyle, `${key}.`) : decode(token.text);
      case 'escape':
        return token.text;
      case 'codespan':
        return decode(token.text);
      default:
        // Raw HTML and anything else is shown as the text the author typed.
        return token.raw;
    }
  });
}

/** marked escapes entities in text tokens; React escapes again, so undo marked's. */
function decode(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? _);
}

/** Renders an inline-Markdown string as paragraphs of email-safe text. */
export function InlineMarkdown({ children, style, className = DARK.text }: InlineMarkdownProps) {
  const theme = useTheme();
  const base: CSSProperties = {
    color: theme.colors.text,
    fontFamily: theme.fonts.body,
    fontSize: theme.fontSizes.body,
    lineHeight: theme.lineHeights.body,
    margin: `0 0 ${theme.space.md}px`,
  };
  const linkStyle: CSSProperties = { color: theme.colors.link, textDecoration: 'underline' };
  return (
    <>
      {paragraphs(children).map((paragraph, index) => (
        <Text key={index} className={className} style={{ ...base, ...style }}>
          {renderTokens(lexInline(paragraph), linkStyle, `${index}.`)}
        </Text>
      ))}
    </>
  );
}
