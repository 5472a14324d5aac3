import type { Meta, StoryObj } from '@storybook/react-vite';
import { arabicDigest, frenchDigest, manyCardsDigest, sampleActionAlert } from '../../fixtures/index.ts';
import type { ActionAlertIssue, DigestIssue } from '../../src/content/content-schema.ts';
import { EmailFrame, type EmailPreview } from '../../.storybook/email-frame.tsx';
import { actionAlertArgTypes, actionAlertArgs, actionAlertFromArgs, previewIssue, type ActionAlertArgs } from '../../.storybook/issue-controls.ts';
import { frameGlobals } from '../../.storybook/preview.tsx';

type ActionAlertParameters = { issue: ActionAlertIssue };

/**
 * One urgent call to action, as subscribers receive it: rendered by `renderIssue` in the
 * loader, shown in an iframe at the toolbar's width and colour scheme.
 */
const meta = {
  title: 'Templates/Action alert',
  parameters: { emailCanvas: 'frame', issue: sampleActionAlert } satisfies ActionAlertParameters & Record<string, unknown>,
  argTypes: actionAlertArgTypes,
  loaders: [
    async ({ args, parameters }) => ({
      email: await previewIssue(actionAlertFromArgs((parameters as ActionAlertParameters).issue, args as ActionAlertArgs), args as ActionAlertArgs),
    }),
  ],
  render: (_args, { loaded, globals }) => <EmailFrame email={loaded.email as EmailPreview} {...frameGlobals(globals)} />,
} satisfies Meta<ActionAlertArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * There is one action-alert issue; the other languages and edge cases borrow a digest
 * fixture's words: its first card becomes the action, its appeal and footer stay.
 */
function alertFromDigest(digest: DigestIssue): ActionAlertIssue {
  const cards = digest.sections.flatMap((section) => section.cards);
  const withLinks = cards.filter((card) => card.link);
  const lead = withLinks[0] ?? cards[0]!;
  return {
    template: 'action-alert',
    subject: digest.subject,
    preheader: digest.preheader,
    date: digest.date,
    locale: digest.locale,
    title: digest.title,
    greeting: digest.greeting,
    appeal: digest.appeal,
    share: digest.share,
    keepReading: digest.keepReading,
    action: {
      heading: digest.sections[0]!.heading,
      text: lead.summary,
      button: lead.link ?? sampleActionAlert.action.button,
      links: withLinks.slice(1, 3).map((card) => card.link!),
    },
  };
}

const french = alertFromDigest(frenchDigest);
const arabic = alertFromDigest(arabicDigest);
const edgeCases = alertFromDigest(manyCardsDigest);

/** "Email your MP": context, one button, two supporting links. */
export const Sample: Story = {
  args: actionAlertArgs(sampleActionAlert),
};

/** French-Canadian labels and dates. */
export const French: Story = {
  parameters: { issue: french },
  args: actionAlertArgs(french),
};

/** Arabic, written right to left. */
export const Arabic: Story = {
  parameters: { issue: arabic },
  args: actionAlertArgs(arabic),
};

/** A long unbroken word in the title, markup-looking text, two supporting links, six related posts. */
export const EdgeCases: Story = {
  parameters: { issue: edgeCases },
  args: actionAlertArgs(edgeCases),
};
