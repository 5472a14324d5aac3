export { InlineMarkdown, type InlineMarkdownProps } from './inline-markdown.tsx';
export { decodeEntities, paragraphs } from '../../src/content/markdown.ts';
