import type { Meta, StoryObj } from '@storybook/react-vite';
import { sampleActionAlert } from '../../fixtures/index.ts';
import { ActionCallout } from './action-callout.tsx';

const meta = {
  title: 'Components/ActionCallout',
  component: ActionCallout,
  args: sampleActionAlert.action,
} satisfies Meta<typeof ActionCallout>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Heading, two paragraphs of context, the button and two supporting links. */
export const Typical: Story = {};

/** Just the context and the button. */
export const WithoutHeadingOrLinks: Story = { args: { heading: undefined, links: undefined } };
