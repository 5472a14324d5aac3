import { Img } from 'react-email';
import type { Card } from '../../src/content/content-schema.ts';
import { Panel } from '../block/index.ts';
import { Button } from '../button/index.ts';
import { InlineMarkdown } from '../inline-markdown/index.ts';
import { formatDate } from '../locale/index.ts';
import { DARK, divider, headingText, px, smallText, useTheme } from '../theme/index.ts';

export type AdvocacyCardProps = Readonly<{
  /** Date of the statement, `YYYY-MM-DD`. Required. */
  date: Card['date'];
  /** The statement's title. Required. */
  title: Card['title'];
  /** Summary in inline Markdown (links, bold, italic). Required. */
  summary: Card['summary'];
  /** Call to action whose label the content chooses ("Read our Full Statement Here"). Default: none. */
  link?: Card['link'];
  /** An illustration above the title. Default: none. */
  image?: Card['image'];
  /** BCP 47 locale for the date. Default: `'en-CA'`. */
  locale?: string;
  /** Draw a rule above the card, to separate it from the one before. Default: `false`. */
  divided?: boolean;
}>;

/** One advocacy update: date, title, summary and a call to action. */
export function AdvocacyCard({ date, title, summary, link, image, locale = 'en-CA', divided = false }: AdvocacyCardProps) {
  const theme = useTheme();
  const imageWidth = image ? Math.min(image.width, theme.widths.content - 2 * theme.space.lg) : 0;
  return (
    <Panel className={divided ? DARK.border : undefined} style={divided ? { ...divider(theme), paddingTop: px(theme.space.lg) } : undefined}>
      {image ? (
        <Img
          src={image.src}
          alt={image.alt}
          width={imageWidth}
          height={Math.round((image.height * imageWidth) / image.width)}
          style={{ width: '100%', maxWidth: px(imageWidth), height: 'auto', marginBottom: px(theme.space.sm) }}
        />
      ) : null}
      <h3 className={DARK.heading} style={headingText(theme, theme.fontSizes.h3)}>
        {title}
      </h3>
      <p className={DARK.muted} style={{ ...smallText(theme), margin: `0 0 ${px(theme.space.sm)}` }}>
        <time dateTime={date}>{formatDate(date, locale)}</time>
      </p>
      <InlineMarkdown>{summary}</InlineMarkdown>
      {link ? (
        <Button href={link.url} variant="secondary">
          {link.label}
        </Button>
      ) : null}
    </Panel>
  );
}
