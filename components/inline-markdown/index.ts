export { InlineMarkdown, paragraphs, type InlineMarkdownProps } from './inline-markdown.tsx';
