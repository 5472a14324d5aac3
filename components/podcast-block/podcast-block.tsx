import { Img } from 'react-email';
import type { Podcast } from '../../src/content/content-schema.ts';
import { Block, PanelRow } from '../block/index.ts';
import { Button } from '../button/index.ts';
import { InlineMarkdown } from '../inline-markdown/index.ts';
import { messagesFor, paddingInlineEnd, textDirection } from '../locale/index.ts';
import { DARK, headingText, linkText, px, smallText, useTheme } from '../theme/index.ts';

export type PodcastBlockProps = Readonly<{
  /** Name of the show, e.g. "The Political Muslim". Required. */
  show: Podcast['show'];
  /** Episode number. Required. */
  episode: Podcast['episode'];
  /** Episode title. Required. */
  title: Podcast['title'];
  /** Guest's name, shown under the title. Default: none. */
  guest?: Podcast['guest'];
  /** Summary in inline Markdown (links, bold, italic). Required. */
  summary: Podcast['summary'];
  /** Thumbnail with alt text; scaled to the content width. Default: none (no image). */
  image?: Podcast['image'];
  /** Video link behind the "Watch" button. Required. */
  watchUrl: Podcast['watchUrl'];
  /** Audio link behind the "Listen" button. Required. */
  listenUrl: Podcast['listenUrl'];
  /** Link behind "Subscribe to <show>". Required. */
  subscribeUrl: Podcast['subscribeUrl'];
  /** BCP 47 locale for the labels. Default: `'en-CA'`. */
  locale?: string;
}>;

/** A podcast episode: title, guest, thumbnail, summary, "Watch" and "Listen" buttons and a subscribe link. */
export function PodcastBlock({ show, episode, title, guest, summary, image, watchUrl, listenUrl, subscribeUrl, locale = 'en-CA' }: PodcastBlockProps) {
  const theme = useTheme();
  const t = messagesFor(locale);
  const contentWidth = theme.widths.content - 2 * theme.space.lg;
  const imageWidth = image ? Math.min(image.width, contentWidth) : 0;
  return (
    <Block>
      <h2 className={DARK.heading} style={headingText(theme, theme.fontSizes.h2)}>
        {t.episode(show, episode, title)}
      </h2>
      {guest ? (
        <p className={DARK.muted} style={{ ...smallText(theme), margin: `0 0 ${px(theme.space.md)}` }}>
          {t.withGuest(guest)}
        </p>
      ) : null}
      {image ? (
        <a href={watchUrl}>
          <Img
            src={image.src}
            alt={image.alt}
            width={imageWidth}
            height={Math.round((image.height * imageWidth) / image.width)}
            style={{ width: '100%', maxWidth: px(imageWidth), height: 'auto', borderRadius: theme.radii.card, marginBottom: px(theme.space.md) }}
          />
        </a>
      ) : null}
      <InlineMarkdown>{summary}</InlineMarkdown>
      <PanelRow>
        <td className="dsp-stack" style={{ paddingBottom: px(theme.space.sm), ...paddingInlineEnd(textDirection(locale), px(theme.space.sm)), width: '50%' }}>
          <Button href={watchUrl}>{t.watch}</Button>
        </td>
        <td className="dsp-stack" style={{ paddingBottom: px(theme.space.sm), width: '50%' }}>
          <Button href={listenUrl}>{t.listen}</Button>
        </td>
      </PanelRow>
      <p className={DARK.muted} style={{ ...smallText(theme), margin: `${px(theme.space.xs)} 0 0` }}>
        <a href={subscribeUrl} style={linkText(theme)}>
          {t.subscribeTo(show)}
        </a>
      </p>
    </Block>
  );
}
