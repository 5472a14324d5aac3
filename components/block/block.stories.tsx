import type { Meta, StoryObj } from '@storybook/react-vite';
import { sampleDigest } from '../../fixtures/index.ts';
import { InlineMarkdown } from '../inline-markdown/index.ts';
import { DARK, defaultTheme } from '../theme/index.ts';
import { Block } from './block.tsx';

const meta = {
  title: 'Components/Block',
  component: Block,
  // The content is a React node, not a control: the appeal's paragraphs stand in for any content.
  args: { children: <InlineMarkdown>{sampleDigest.appeal!.text}</InlineMarkdown> },
  argTypes: { children: { control: false } },
} satisfies Meta<typeof Block>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A row of the content column with the standard gutters (narrower under 600 px). */
export const Plain: Story = {};

/** Tinted with the dark-mode class that follows it into dark mode. */
export const Tinted: Story = {
  args: { className: DARK.highlight, style: { backgroundColor: defaultTheme.colors.highlight, paddingBottom: defaultTheme.space.lg } },
};
