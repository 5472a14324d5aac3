import type { Meta, StoryObj } from '@storybook/react-vite';
import { arabicDigest, frenchDigest, manyCardsDigest, sampleDigest } from '../../fixtures/index.ts';
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
