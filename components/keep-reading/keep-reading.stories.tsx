import type { Meta, StoryObj } from '@storybook/react-vite';
import { frenchDigest, manyCardsDigest, sampleDigest } from '../../fixtures/index.ts';
import { KeepReading } from './keep-reading.tsx';

const meta = {
  title: 'Components/KeepReading',
  component: KeepReading,
  args: { ...sampleDigest.keepReading!, locale: sampleDigest.locale },
} satisfies Meta<typeof KeepReading>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Three linked titles and "View more". */
export const Typical: Story = {};

/** Six posts, the first with a thumbnail. */
export const WithThumbnail: Story = { args: { ...manyCardsDigest.keepReading!, locale: manyCardsDigest.locale } };

/** French heading and labels. */
export const French: Story = { args: { ...frenchDigest.keepReading!, locale: frenchDigest.locale } };
