import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { arabicDigest, frenchDigest, manyCardsDigest, sampleDigest } from '../../fixtures/index.ts';
import type { DigestIssue } from '../../src/content/content-schema.ts';
import { EmailFrame, type EmailPreview } from '../../.storybook/email-frame.tsx';
import { digestArgTypes, digestArgs, digestFromArgs, previewIssue, type DigestArgs } from '../../.storybook/issue-controls.ts';
import { frameGlobals } from '../../.storybook/preview.tsx';
import { darkPalette } from '../../components/theme/index.ts';

type DigestParameters = { issue: DigestIssue };

/**
 * The weekly digest as subscribers receive it: rendered by `renderIssue` (the send pipeline's
 * render) in the loader, shown in an iframe at the toolbar's width and colour scheme. Every
 * control re-renders the email.
 */
const meta = {
  title: 'Templates/Digest',
  parameters: { emailCanvas: 'frame', issue: sampleDigest } satisfies DigestParameters & Record<string, unknown>,
  argTypes: digestArgTypes,
  loaders: [
    async ({ args, parameters }) => ({
      email: await previewIssue(digestFromArgs((parameters as DigestParameters).issue, args as DigestArgs), args as DigestArgs),
    }),
  ],
  render: (_args, { loaded, globals }) => <EmailFrame email={loaded.email as EmailPreview} {...frameGlobals(globals)} />,
} satisfies Meta<DigestArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

const podcast = sampleDigest.podcast!;

/** The reference issue: podcast, five advocacy cards, appeal, share and keep reading. */
export const Sample: Story = {
  args: digestArgs(sampleDigest, podcast),
};

/** French-Canadian labels and dates, accents, no podcast image. */
export const French: Story = {
  parameters: { issue: frenchDigest },
  args: digestArgs(frenchDigest, podcast),
};

/** Arabic, written right to left; no podcast. */
export const Arabic: Story = {
  parameters: { issue: arabicDigest },
  args: digestArgs(arabicDigest, podcast),
};

/** Twelve cards in two sections, a long unbroken word, markup-looking text, images. */
export const ManyCards: Story = {
  parameters: { issue: manyCardsDigest },
  args: digestArgs(manyCardsDigest, podcast),
};

/**
 * The sample on a phone in dark mode. Checks that the dark switch applies the email's own
 * `prefers-color-scheme: dark` palette inside the iframe.
 */
export const SampleDarkOnPhone: Story = {
  args: digestArgs(sampleDigest, podcast),
  globals: { emailWidth: '320px', colorScheme: 'dark' },
  play: async ({ canvasElement }) => {
    const frame = canvasElement.querySelector<HTMLIFrameElement>('iframe[data-testid="email-frame"]')!;
    await waitFor(() => expect(frame.contentDocument?.querySelector('.dsp-surface')).toBeTruthy());
    const doc = frame.contentDocument!;
    const background = doc.defaultView!.getComputedStyle(doc.querySelector('.dsp-surface')!).backgroundColor;
    await expect(background).toBe(hexToRgb(darkPalette.surface));
    // The browser's own defaults (unstyled links, alt text) follow the reader's scheme too.
    await expect(doc.defaultView!.getComputedStyle(doc.documentElement).colorScheme).toBe('dark');
    await expect(doc.documentElement.scrollWidth).toBeLessThanOrEqual(320);
  },
};

function hexToRgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}
