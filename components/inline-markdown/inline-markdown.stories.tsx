import type { Meta, StoryObj } from '@storybook/react-vite';
import { manyCardsDigest, sampleDigest } from '../../fixtures/index.ts';
import { InlineMarkdown } from './inline-markdown.tsx';

const edgeCards = manyCardsDigest.sections.flatMap((section) => section.cards);

const meta = {
  title: 'Components/InlineMarkdown',
  component: InlineMarkdown,
  parameters: { emailCanvas: 'gutter' },
  args: { children: sampleDigest.podcast!.summary },
} satisfies Meta<typeof InlineMarkdown>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A paragraph with links. */
export const Links: Story = {};

/** **Bold**, *italic* and a link. */
export const BoldItalicAndLink: Story = { args: { children: edgeCards.find((card) => card.summary.includes('**'))!.summary } };

/** A blank line starts a new paragraph. */
export const Paragraphs: Story = { args: { children: sampleDigest.appeal!.text } };

/** Raw HTML shows as the text the author typed, never as markup. */
export const MarkupShownAsText: Story = { args: { children: edgeCards[0]!.summary } };
