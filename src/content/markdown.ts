/**
 * The one reader of inline Markdown. The schema validates the links these
 * tokens hold, and every renderer (the email component, the plain-text part,
 * UTM tagging, the web archive) writes these same tokens, so nothing is
 * rendered that was not validated. The components import it too, so it stays
 * browser-safe: no Node built-ins, nothing but marked.
 */
import { Lexer, type Token, type Tokens } from 'marked';

export type { Token, Tokens };

/**
 * Splits Markdown into paragraphs at blank lines, each joined onto one line:
 * a line break inside a paragraph reads as a space (as it shows in a mail client).
 */
export function paragraphs(markdown: string): string[] {
  return markdown
    .split(/\n\s*\n/)
    .map(joinLines)
    .filter(Boolean);
}

const joinLines = (paragraph: string) => paragraph.replace(/\s*\n\s*/g, ' ').trim();

/**
 * The inline tokens of one paragraph. Its lines are joined first, as
 * `paragraphs` does, so a caller cannot lex a text other than the one rendered.
 */
export function lexInline(paragraph: string): Token[] {
  return new Lexer({ gfm: true }).inlineTokens(joinLines(paragraph));
}

/** The tokens of every paragraph, as rendered. */
export function lexMarkdown(markdown: string): Token[][] {
  return paragraphs(markdown).map(lexInline);
}

function collectLinks(tokens: readonly Token[], into: string[]): string[] {
  for (const token of tokens) {
    if (token.type === 'link' || token.type === 'image') into.push(token.href);
    if ('tokens' in token && token.tokens) collectLinks(token.tokens, into);
  }
  return into;
}

/** Every link (and image) target in a Markdown string, in order, exactly as the renderers see them. */
export function markdownLinks(markdown: string): string[] {
  return lexMarkdown(markdown).flatMap((tokens) => collectLinks(tokens, []));
}

/** The entities marked writes into text tokens, back to their characters (React, or plain text, escapes on its own). */
export function decodeEntities(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? _);
}

/** One output of inline Markdown: how each kind of token is written, given its children already written. */
export type InlineRenderer<T> = Readonly<{
  /** `**bold**`, `*italic*`, `~~struck~~`. */
  emphasis(kind: 'strong' | 'em' | 'del', children: T[], key: string): T;
  link(href: string, children: T[], key: string): T;
  br(key: string): T;
  /** Text as it reads: entities decoded, raw HTML as the author typed it (each output escapes on its own). */
  text(text: string, key: string): T;
  /** A code span. Default: its text, decoded. */
  codespan?(token: Tokens.Codespan, key: string): T;
}>;

/**
 * The one walk over inline tokens, shared by every output (the email's
 * InlineMarkdown, the web archive's Markdown, the plain-text part): what each
 * token means is decided here, how it is written by the renderer. A text token
 * with children contributes its children in its place.
 */
export function visitInline<T>(tokens: readonly Token[], renderer: InlineRenderer<T>, keyPrefix = ''): T[] {
  return tokens.flatMap((token, index): T[] => {
    const key = `${keyPrefix}${index}`;
    const children = () => visitInline(('tokens' in token && token.tokens) || [], renderer, `${key}.`);
    switch (token.type) {
      case 'strong':
      case 'em':
      case 'del':
        return [renderer.emphasis(token.type, children(), key)];
      case 'link':
        return [renderer.link(token.href, children(), key)];
      case 'br':
        return [renderer.br(key)];
      case 'text':
        return 'tokens' in token && token.tokens ? children() : [renderer.text(decodeEntities(token.text), key)];
      case 'escape':
        return [renderer.text(token.text, key)];
      case 'codespan':
        return [renderer.codespan ? renderer.codespan(token as Tokens.Codespan, key) : renderer.text(decodeEntities(token.text), key)];
      default:
        // Raw HTML and anything else is shown as the text the author typed.
        return [renderer.text(token.raw, key)];
    }
  });
}
