import type { Meta, StoryObj } from '@storybook/react-vite';
import { arabicDigest, brand, frenchDigest, sampleDigest } from '../../fixtures/index.ts';
import { copyrightYear, unsubscribePageUrl } from '../../src/content/brand.ts';
import { DonateFooter } from './donate-footer.tsx';

const meta = {
  title: 'Components/DonateFooter',
  component: DonateFooter,
  // The brand file's footer, as IssueShell passes it (the unsubscribe link without a recipient's token).
  args: {
    organizationName: brand.name,
    shortName: brand.shortName,
    mailingAddress: brand.mailingAddress,
    contactEmail: brand.contactEmail,
    website: brand.website,
    postsUrl: brand.postsUrl,
    subscribeUrl: brand.subscribeUrl,
    donateUrl: brand.donateUrl,
    unsubscribeUrl: unsubscribePageUrl(brand),
    privacyUrl: brand.privacyUrl,
    termsUrl: brand.termsUrl,
    year: copyrightYear(sampleDigest.date),
    social: brand.social,
    locale: sampleDigest.locale,
  },
} satisfies Meta<typeof DonateFooter>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Navigation, "Follow us on …", why you get this, address, unsubscribe and policies. */
export const WithSocialLinks: Story = {};

/** A brand without social profiles: the "Follow us on" line is left out. */
export const WithoutSocialLinks: Story = { args: { social: [] } };

/** French labels. */
export const French: Story = { args: { locale: frenchDigest.locale } };

/** Arabic labels, right to left. */
export const Arabic: Story = { args: { locale: arabicDigest.locale } };
