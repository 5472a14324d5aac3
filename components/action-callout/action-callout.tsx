import type { Action } from '../../src/content/content-schema.ts';
import { Block, Panel } from '../block/index.ts';
import { Button } from '../button/index.ts';
import { InlineMarkdown } from '../inline-markdown/index.ts';
import { borderInlineStart, useDirection } from '../locale/index.ts';
import { SectionHeading } from '../section-heading/index.ts';
import { DARK, bodyText, linkText, px, useTheme } from '../theme/index.ts';

export type ActionCalloutProps = Readonly<{
  /** A heading above the call to action. Default: none. */
  heading?: Action['heading'];
  /** Short context in inline Markdown: what is happening and why it matters. Required. */
  text: Action['text'];
  /** The one action, e.g. "Email your MP". Required. */
  button: Action['button'];
  /** One or two supporting links under the button. Default: none. */
  links?: Action['links'];
}>;

/** One urgent call to action: context, a prominent button and supporting links, on an accented panel. */
export function ActionCallout({ heading, text, button, links = [] }: ActionCalloutProps) {
  const theme = useTheme();
  const dir = useDirection();
  return (
    <Block>
      <Panel
        className={`${DARK.highlight} ${DARK.border}`}
        style={{
          backgroundColor: theme.colors.highlight,
          ...borderInlineStart(dir, `${px(theme.borders.accent)} solid ${theme.colors.accent}`),
          borderRadius: theme.radii.card,
          padding: px(theme.space.lg),
        }}
      >
        {heading ? <SectionHeading>{heading}</SectionHeading> : null}
        <InlineMarkdown>{text}</InlineMarkdown>
        <Button href={button.url}>{button.label}</Button>
        {links.map((link) => (
          <p key={link.url} style={{ ...bodyText(theme), margin: `${px(theme.space.sm)} 0 0` }}>
            <a href={link.url} style={linkText(theme)}>
              {link.label}
            </a>
          </p>
        ))}
      </Panel>
    </Block>
  );
}
