export { decodeEntities, InlineMarkdown, paragraphs, type InlineMarkdownProps } from './inline-markdown.tsx';
