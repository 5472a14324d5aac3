import type { Meta, StoryObj } from '@storybook/react-vite';
import { arabicDigest, brand, frenchDigest, manyCardsDigest, sampleDigest } from '../../fixtures/index.ts';
import type { Issue } from '../../src/content/content-schema.ts';
import { Header } from './header.tsx';

/** The header's props for an issue, as IssueShell passes them. */
const headerArgs = (issue: Issue) => ({
  logo: brand.logo,
  homeUrl: brand.website,
  newsletterName: brand.newsletterName,
  title: issue.title,
  date: issue.date,
  locale: issue.locale,
  viewInBrowserUrl: issue.webUrl,
});

const meta = {
  title: 'Components/Header',
  component: Header,
  args: headerArgs(sampleDigest),
} satisfies Meta<typeof Header>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Logo, newsletter name, title, date and the "View in browser" link. */
export const Typical: Story = {};

/** An issue without a web version: no "View in browser" link. */
export const WithoutViewInBrowser: Story = { args: { viewInBrowserUrl: undefined } };

/** A long title with an unbroken word: it must wrap on a phone. */
export const LongTitle: Story = { args: headerArgs(manyCardsDigest) };

/** French date and link label. */
export const French: Story = { args: headerArgs(frenchDigest) };

/** Arabic, right to left. */
export const Arabic: Story = { args: headerArgs(arabicDigest) };
