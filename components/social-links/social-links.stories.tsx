import type { Meta, StoryObj } from '@storybook/react-vite';
import { arabicDigest, brand, frenchDigest } from '../../fixtures/index.ts';
import { SocialLinks } from './social-links.tsx';

const meta = {
  title: 'Components/SocialLinks',
  component: SocialLinks,
  parameters: { emailCanvas: 'gutter' },
  args: { profiles: brand.social, locale: 'en-CA' },
} satisfies Meta<typeof SocialLinks>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The brand's profiles, joined as English writes lists ("X, Instagram and YouTube"). */
export const BrandProfiles: Story = {};

/** One profile: no joining words. */
export const OneProfile: Story = { args: { profiles: brand.social.slice(0, 1) } };

/** A profile with its own link text. */
export const CustomLabel: Story = {
  args: { profiles: [{ network: 'youtube', url: 'https://www.youtube.com/@CanadianMuslimPAC', label: 'The Political Muslim on YouTube' }] },
};

/** Joined as French writes lists ("X, Instagram et YouTube"). */
export const French: Story = { args: { locale: frenchDigest.locale } };

/** Joined as Arabic writes lists, right to left. */
export const Arabic: Story = { args: { locale: arabicDigest.locale } };
