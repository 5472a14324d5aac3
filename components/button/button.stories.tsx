import type { Meta, StoryObj } from '@storybook/react-vite';
import { manyCardsDigest, sampleActionAlert, sampleDigest } from '../../fixtures/index.ts';
import { Button } from './button.tsx';

const cardLink = sampleDigest.sections[0]!.cards[0]!.link!;
const mailtoLink = manyCardsDigest.sections.flatMap((s) => s.cards).find((card) => card.link?.url.startsWith('mailto:'))!.link!;

const meta = {
  title: 'Components/Button',
  component: Button,
  parameters: { emailCanvas: 'gutter' },
  args: { href: sampleActionAlert.action.button.url, children: sampleActionAlert.action.button.label },
  argTypes: {
    variant: { control: 'inline-radio', options: ['primary', 'secondary'] },
    align: { control: 'inline-radio', options: ['left', 'center', 'right'] },
  },
} satisfies Meta<typeof Button>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Filled with the brand colour: the one action of a block ("Email your MP", "Donate"). */
export const Primary: Story = { args: { variant: 'primary' } };

/** Outlined: a card's "Read our Full Statement Here". */
export const Secondary: Story = { args: { href: cardLink.url, children: cardLink.label, variant: 'secondary' } };

/** Centred in its cell. */
export const Centered: Story = { args: { variant: 'primary', align: 'center' } };

/** A mailto link, outlined. */
export const Mailto: Story = { args: { href: mailtoLink.url, children: mailtoLink.label, variant: 'secondary' } };
