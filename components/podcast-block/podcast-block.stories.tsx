import type { Meta, StoryObj } from '@storybook/react-vite';
import { frenchDigest, sampleDigest } from '../../fixtures/index.ts';
import { PodcastBlock } from './podcast-block.tsx';

const podcast = sampleDigest.podcast!;

const meta = {
  title: 'Components/PodcastBlock',
  component: PodcastBlock,
  args: { ...podcast, locale: sampleDigest.locale },
} satisfies Meta<typeof PodcastBlock>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Title, guest, thumbnail, summary, "Watch" and "Listen" buttons, subscribe link. */
export const WithImage: Story = {};

/** No thumbnail: the summary follows the guest line. */
export const WithoutImage: Story = { args: { image: undefined } };

/** No guest line. */
export const WithoutGuest: Story = { args: { guest: undefined } };

/** French labels ("Regarder", "Écouter"), no thumbnail. */
export const French: Story = { args: { ...frenchDigest.podcast!, locale: frenchDigest.locale } };
