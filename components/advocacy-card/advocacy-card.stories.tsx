import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { arabicDigest, frenchDigest, manyCardsDigest, sampleDigest } from '../../fixtures/index.ts';
import { darkPalette } from '../theme/index.ts';
import { AdvocacyCard } from './advocacy-card.tsx';

const card = sampleDigest.sections[0]!.cards[0]!;
const edgeCards = manyCardsDigest.sections.flatMap((section) => section.cards);

const meta = {
  title: 'Components/AdvocacyCard',
  component: AdvocacyCard,
  parameters: { emailCanvas: 'gutter' },
  args: { ...card, locale: sampleDigest.locale },
} satisfies Meta<typeof AdvocacyCard>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Title, date, summary with links, "Read our Full Statement Here". */
export const Typical: Story = {};

/** A title long enough to wrap, with an unbroken word. */
export const LongTitle: Story = { args: { title: `${card.title}: ${manyCardsDigest.title}` } };

/** No call to action: the card ends with its summary. */
export const NoLink: Story = { args: { ...edgeCards.find((c) => !c.link)!, locale: manyCardsDigest.locale } };

/** An illustration above the title. */
export const WithImage: Story = { args: { ...edgeCards.find((c) => c.image)!, locale: manyCardsDigest.locale } };

/** A rule above, as every card after a section's first has. */
export const Divided: Story = { args: { divided: true } };

/** French date and text. */
export const French: Story = { args: { ...frenchDigest.sections[0]!.cards[0]!, locale: frenchDigest.locale } };

/** Arabic, right to left. */
export const Arabic: Story = { args: { ...arabicDigest.sections[0]!.cards[0]!, locale: arabicDigest.locale } };

/**
 * Dark mode on a phone. Checks that the email's dark CSS reaches the card and stays inside
 * the canvas: a paragraph of Storybook's own page keeps its colour.
 */
export const DarkOnPhone: Story = {
  globals: { emailWidth: '320px', colorScheme: 'dark' },
  play: async ({ canvasElement }) => {
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    const title = canvasElement.querySelector('.sb-email-canvas h3')!;
    await expect(getComputedStyle(title).color).toBe(rgb(darkPalette.heading));
    // The summary is a plain <p>: it takes the dark text colour from the email's element rule.
    const summary = [...canvasElement.querySelectorAll('.sb-email-canvas p')].find((p) => p.textContent?.startsWith(card.summary.slice(0, 20)))!;
    await expect(getComputedStyle(summary).color).toBe(rgb(darkPalette.text));
    const outside = canvasElement.ownerDocument.createElement('p');
    canvasElement.ownerDocument.body.append(outside);
    try {
      await expect(getComputedStyle(outside).color).not.toBe(rgb(darkPalette.text));
    } finally {
      outside.remove();
    }
  },
};
