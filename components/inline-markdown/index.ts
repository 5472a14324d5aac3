export { InlineMarkdown, type InlineMarkdownProps } from './inline-markdown.tsx';
export { decodeEntities, paragraphs } from './lex.ts';
