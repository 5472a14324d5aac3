import type { Meta, StoryObj } from '@storybook/react-vite';
import { arabicDigest, sampleDigest } from '../../fixtures/index.ts';
import { SectionHeading } from './section-heading.tsx';

const meta = {
  title: 'Components/SectionHeading',
  component: SectionHeading,
  parameters: { emailCanvas: 'gutter' },
  args: { children: sampleDigest.sections[0]!.heading },
  argTypes: {
    level: { control: 'inline-radio', options: [2, 3] },
    variant: { control: 'inline-radio', options: ['eyebrow', 'title'] },
  },
} satisfies Meta<typeof SectionHeading>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Small capitals in the accent colour: "ADVOCACY UPDATES". */
export const Eyebrow: Story = { args: { variant: 'eyebrow' } };

/** A plain heading: "Grow Our Reach". */
export const Title: Story = { args: { variant: 'title', children: sampleDigest.share!.heading } };

/** A heading one level down, under a section. */
export const LevelThree: Story = { args: { variant: 'title', level: 3 } };

/** Arabic, right to left (no capitals in Arabic script). */
export const Arabic: Story = { args: { children: arabicDigest.sections[0]!.heading }, parameters: { locale: arabicDigest.locale } };
