import type { Meta, StoryObj } from '@storybook/react-vite';
import { brand, frenchDigest, sampleDigest } from '../../fixtures/index.ts';
import { ShareBlock } from './share-block.tsx';

const meta = {
  title: 'Components/ShareBlock',
  component: ShareBlock,
  args: {
    ...sampleDigest.share!,
    donateUrl: brand.donateUrl,
    whatsappUrl: brand.whatsappUrl,
    social: brand.social,
    website: brand.website,
    locale: sampleDigest.locale,
  },
} satisfies Meta<typeof ShareBlock>;

export default meta;
type Story = StoryObj<typeof meta>;

/** "Grow Our Reach" with donate, WhatsApp, social and website lines. */
export const Typical: Story = {};

/** A brand without WhatsApp or social profiles: those lines are left out. */
export const WithoutWhatsappOrSocial: Story = { args: { whatsappUrl: undefined, social: [] } };

/** French text and labels. */
export const French: Story = { args: { ...frenchDigest.share!, locale: frenchDigest.locale } };
