import type { Share, SocialProfile } from '../../src/content/content-schema.ts';
import { Block } from '../block/index.ts';
import { InlineMarkdown } from '../inline-markdown/index.ts';
import { messagesFor } from '../locale/index.ts';
import { SectionHeading } from '../section-heading/index.ts';
import { SocialLinks } from '../social-links/index.ts';
import { bodyText, linkText, px, useTheme } from '../theme/index.ts';

export type ShareBlockProps = Readonly<{
  /** The block's heading, e.g. "Grow Our Reach". Required. */
  heading: Share['heading'];
  /** Why and how to share, in inline Markdown. Required. */
  text: Share['text'];
  /** The donate page. Required. */
  donateUrl: string;
  /** The WhatsApp community invite. Default: none (line omitted). */
  whatsappUrl?: string;
  /** Social profiles for "Follow us on …". Default: `[]` (line omitted). */
  social?: readonly SocialProfile[];
  /** The organisation's website. Required. */
  website: string;
  /** BCP 47 locale for the labels. Default: `'en-CA'`. */
  locale?: string;
}>;

/** "Grow Our Reach": how readers can spread the word, with donate, WhatsApp, social and website links. */
export function ShareBlock({ heading, text, donateUrl, whatsappUrl, social = [], website, locale = 'en-CA' }: ShareBlockProps) {
  const theme = useTheme();
  const t = messagesFor(locale);
  const line = { ...bodyText(theme), margin: `0 0 ${px(theme.space.xs)}` };
  const host = new URL(website).host;
  return (
    <Block>
      <SectionHeading variant="title">{heading}</SectionHeading>
      <InlineMarkdown>{text}</InlineMarkdown>
      <p style={line}>
        <a href={donateUrl} style={{ ...linkText(theme), fontWeight: theme.fontWeights.bold }}>
          {t.shareDonate[0]}
        </a>
        {t.shareDonate[1]}
      </p>
      {whatsappUrl ? (
        <p style={line}>
          {t.shareWhatsapp[0]}{' '}
          <a href={whatsappUrl} style={{ ...linkText(theme), fontWeight: theme.fontWeights.bold }}>
            {t.shareWhatsapp[1]}
          </a>
        </p>
      ) : null}
      {social.length > 0 ? (
        <p style={line}>
          {t.followUsOn} <SocialLinks profiles={social} locale={locale} />
        </p>
      ) : null}
      <p style={line}>
        {t.visitWebsite[0]}
        <a href={website} style={linkText(theme)}>
          {host}
        </a>
        {t.visitWebsite[1]}
      </p>
    </Block>
  );
}
