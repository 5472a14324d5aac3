import type { Meta, StoryObj } from '@storybook/react-vite';
import { arabicDigest, brand, sampleActionAlert } from '../../fixtures/index.ts';
import { EmailFrame, type EmailPreview } from '../../.storybook/email-frame.tsx';
import { frameGlobals } from '../../.storybook/preview.tsx';
import { previewElement } from '../../.storybook/render-email.ts';
import { ActionCallout } from '../action-callout/index.ts';
import { AdvocacyCard } from '../advocacy-card/index.ts';
import { IssueShell } from './issue-shell.tsx';

/**
 * What every template shares, around a template's own blocks. It owns the whole document, so
 * it is rendered to HTML in the loader and shown in an iframe.
 */
const meta = {
  title: 'Components/IssueShell',
  component: IssueShell,
  parameters: { emailCanvas: 'frame' },
  args: { issue: sampleActionAlert, brand, children: <ActionCallout {...sampleActionAlert.action} /> },
  argTypes: { children: { control: false }, theme: { control: false } },
  loaders: [async ({ args }) => ({ email: await previewElement(<IssueShell {...args} />, args.issue) })],
  render: (_args, { loaded, globals }) => <EmailFrame email={loaded.email as EmailPreview} {...frameGlobals(globals)} />,
} satisfies Meta<typeof IssueShell>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Header, greeting, the action alert's callout, appeal and footer. */
export const AroundAnActionCallout: Story = {};

/** Right to left, around the Arabic digest's first advocacy card. */
export const RightToLeft: Story = {
  args: {
    issue: arabicDigest,
    children: <AdvocacyCard {...arabicDigest.sections[0]!.cards[0]!} locale={arabicDigest.locale} />,
  },
};
