import type { Appeal } from '../../src/content/content-schema.ts';
import { Block, Panel } from '../block/index.ts';
import { Button } from '../button/index.ts';
import { InlineMarkdown } from '../inline-markdown/index.ts';
import { SectionHeading } from '../section-heading/index.ts';
import { DARK, px, useTheme } from '../theme/index.ts';

export type DonateAppealProps = Readonly<{
  /** A heading above the appeal. Default: none. */
  heading?: Appeal['heading'];
  /** The appeal in inline Markdown; a blank line starts a new paragraph. Required. */
  text: Appeal['text'];
  /** The donate button's label and link. Required. */
  button: Appeal['button'];
}>;

/** An appeal for donations on a tinted panel, with a donate button. */
export function DonateAppeal({ heading, text, button }: DonateAppealProps) {
  const theme = useTheme();
  return (
    <Block>
      <Panel
        className={DARK.highlight}
        style={{ backgroundColor: theme.colors.highlight, borderRadius: theme.radii.card, padding: px(theme.space.lg) }}
      >
        {heading ? <SectionHeading variant="title">{heading}</SectionHeading> : null}
        <InlineMarkdown>{text}</InlineMarkdown>
        <Button href={button.url}>{button.label}</Button>
      </Panel>
    </Block>
  );
}
