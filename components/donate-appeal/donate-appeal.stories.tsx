import type { Meta, StoryObj } from '@storybook/react-vite';
import { arabicDigest, frenchDigest, sampleActionAlert, sampleDigest } from '../../fixtures/index.ts';
import { DonateAppeal } from './donate-appeal.tsx';

const meta = {
  title: 'Components/DonateAppeal',
  component: DonateAppeal,
  args: sampleDigest.appeal!,
} satisfies Meta<typeof DonateAppeal>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Two paragraphs and a donate button on a tinted panel. */
export const Typical: Story = {};

/** With a heading above the appeal. */
export const WithHeading: Story = { args: { heading: 'Fuel the work of CMPAC' } };

/** A one-paragraph appeal, as the action alert has. */
export const Short: Story = { args: sampleActionAlert.appeal! };

/** French text and button. */
export const French: Story = { args: frenchDigest.appeal!, parameters: { locale: frenchDigest.locale } };

/** Arabic, right to left. */
export const Arabic: Story = { args: arabicDigest.appeal!, parameters: { locale: arabicDigest.locale } };
