import { Img } from 'react-email';
import type { Post } from '../../src/content/content-schema.ts';
import { Block, Panel, PanelRow } from '../block/index.ts';
import { messagesFor, paddingInlineEnd, textDirection } from '../locale/index.ts';
import { SectionHeading } from '../section-heading/index.ts';
import { DARK, bodyText, divider, linkText, px, useTheme } from '../theme/index.ts';

export type KeepReadingProps = Readonly<{
  /** The heading. Default: the locale's "Keep reading". */
  heading?: string;
  /** One to six related posts (title, url, optional image). Required. */
  posts: readonly Post[];
  /** Link behind "View more". Required. */
  moreUrl: string;
  /** BCP 47 locale for the labels. Default: `'en-CA'`. */
  locale?: string;
}>;

/** Related posts, each a linked title with an optional thumbnail, and a "View more" link. */
export function KeepReading({ heading, posts, moreUrl, locale = 'en-CA' }: KeepReadingProps) {
  const theme = useTheme();
  const t = messagesFor(locale);
  const title = { ...bodyText(theme), fontWeight: theme.fontWeights.bold, margin: 0 };
  return (
    <Block>
      <Panel className={DARK.border} style={{ ...divider(theme), paddingTop: px(theme.space.lg) }}>
        <SectionHeading variant="title">{heading ?? t.keepReading}</SectionHeading>
        {posts.map((post) => (
          <PanelRow key={post.url} style={{ marginBottom: px(theme.space.md) }}>
            {post.image ? (
              <td style={{ width: px(theme.widths.thumbnail), ...paddingInlineEnd(textDirection(locale), px(theme.space.md)), verticalAlign: 'top' }}>
                <a href={post.url}>
                  <Img
                    src={post.image.src}
                    alt={post.image.alt}
                    width={theme.widths.thumbnail}
                    height={Math.round((post.image.height * theme.widths.thumbnail) / post.image.width)}
                    style={{ borderRadius: theme.radii.card }}
                  />
                </a>
              </td>
            ) : null}
            <td style={{ verticalAlign: 'top' }}>
              <p style={title}>
                <a href={post.url} style={{ ...linkText(theme), textDecoration: 'none' }}>
                  {post.title}
                </a>
              </p>
            </td>
          </PanelRow>
        ))}
        <p style={{ ...bodyText(theme), margin: 0 }}>
          <a href={moreUrl} style={{ ...linkText(theme), fontWeight: theme.fontWeights.bold }}>
            {t.viewMore} ›
          </a>
        </p>
      </Panel>
    </Block>
  );
}
