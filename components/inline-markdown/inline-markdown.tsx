import type { CSSProperties, ReactNode } from 'react';
import { lexMarkdown, visitInline, type InlineRenderer } from '../../src/content/markdown.ts';
import { linkText, useTheme } from '../theme/index.ts';

export type InlineMarkdownProps = Readonly<{
  /** Markdown: links, **bold**, *italic*; a blank line starts a new paragraph. Raw HTML shows as text. Required. */
  children: string;
  /** Extra paragraph styles, applied after the base styles. Default: none. */
  style?: CSSProperties;
  /** Class names for the paragraphs (for dark mode). Default: none (a paragraph takes the body-text colour in dark mode). */
  className?: string;
}>;

/** The email's output: links styled inline (mail clients drop stylesheets). */
function emailRenderer(linkStyle: CSSProperties): InlineRenderer<ReactNode> {
  return {
    emphasis: (Kind, children, key) => <Kind key={key}>{children}</Kind>,
    link: (href, children, key) => (
      <a key={key} href={href} style={linkStyle}>
        {children}
      </a>
    ),
    br: (key) => <br key={key} />,
    text: (text) => text,
  };
}

/** Renders an inline-Markdown string as paragraphs of email-safe text. */
export function InlineMarkdown({ children, style, className }: InlineMarkdownProps) {
  const theme = useTheme();
  const base: CSSProperties = {
    color: theme.colors.text,
    fontSize: theme.fontSizes.body,
    margin: `0 0 ${theme.space.md}px`,
  };
  const renderer = emailRenderer(linkText(theme));
  return (
    <>
      {lexMarkdown(children).map((tokens, index) => (
        <p key={index} className={className} style={style ? { ...base, ...style } : base}>
          {visitInline(tokens, renderer, `${index}.`)}
        </p>
      ))}
    </>
  );
}
