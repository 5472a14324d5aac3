import type { Meta, StoryObj } from '@storybook/react-vite';
import { arabicDigest, brand, sampleDigest } from '../../fixtures/index.ts';
import { EmailFrame, type EmailPreview } from '../../.storybook/email-frame.tsx';
import { frameGlobals } from '../../.storybook/preview.tsx';
import { previewElement } from '../../.storybook/render-email.ts';
import { Block } from '../block/index.ts';
import { InlineMarkdown } from '../inline-markdown/index.ts';
import { createTheme, ThemeProvider } from '../theme/index.ts';
import { EmailLayout } from './email-layout.tsx';

/** Stand-in content for the column: a block of Markdown paragraphs. */
const content = (markdown: string) => (
  <Block style={{ paddingBottom: 24 }}>
    <InlineMarkdown>{markdown}</InlineMarkdown>
  </Block>
);

/**
 * The shell of every email owns `<html>`, `<head>` and `<body>`, so it is shown as a mail client
 * gets it: rendered to HTML in the loader and displayed in an iframe.
 */
const meta = {
  title: 'Components/EmailLayout',
  component: EmailLayout,
  parameters: { emailCanvas: 'frame' },
  args: {
    lang: sampleDigest.locale,
    dir: 'ltr',
    title: sampleDigest.subject,
    preheader: sampleDigest.preheader,
    children: content(sampleDigest.appeal!.text),
  },
  argTypes: {
    dir: { control: 'inline-radio', options: ['ltr', 'rtl'] },
    children: { control: false },
  },
  loaders: [
    async ({ args }) => ({
      email: await previewElement(
        <ThemeProvider theme={createTheme(brand.colors)}>
          <EmailLayout {...args} />
        </ThemeProvider>,
        { subject: args.title, preheader: args.preheader },
      ),
    }),
  ],
  render: (_args, { loaded, globals }) => <EmailFrame email={loaded.email as EmailPreview} {...frameGlobals(globals)} />,
} satisfies Meta<typeof EmailLayout>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Canvas, the 600 px content column, title and hidden preheader. */
export const LeftToRight: Story = {};

/** `dir="rtl"` on the document and the body content. */
export const RightToLeft: Story = {
  args: {
    lang: arabicDigest.locale,
    dir: 'rtl',
    title: arabicDigest.subject,
    preheader: arabicDigest.preheader,
    children: content(arabicDigest.appeal!.text),
  },
};
