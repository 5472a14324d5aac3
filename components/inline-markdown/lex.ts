/**
 * The one reader of inline Markdown. The schema validates the links these
 * tokens hold, and every renderer (the email component, the plain-text part,
 * UTM tagging, the web archive) writes these same tokens, so nothing is
 * rendered that was not validated. Browser-safe: no Node built-ins.
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
