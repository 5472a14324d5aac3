import { Heading, Img, Link, Text } from 'react-email';
import type { Image } from '../../src/content/schema.ts';
import { Block } from '../block/index.ts';
import { formatDate, messagesFor } from '../locale/index.ts';
import { DARK, px, useTheme } from '../theme/index.ts';

export type HeaderProps = Readonly<{
  /** The brand logo, with alt text naming the organisation. Required. */
  logo: Image;
  /** Where the logo links to (the organisation's website). Required. */
  homeUrl: string;
  /** The newsletter's name, shown above the title. Required. */
  newsletterName: string;
  /** The title, the email's only `<h1>`. Required. */
  title: string;
  /** Issue date, `YYYY-MM-DD`. Required. */
  date: string;
  /** BCP 47 locale for the date and the link label. Default: `'en-CA'`. */
  locale?: string;
  /** The web version; shows a "View in browser" link when set. Default: none. */
  viewInBrowserUrl?: string;
}>;

/** The top of an issue: logo, newsletter name, title and date, and an optional "View in browser" link. */
export function Header({ logo, homeUrl, newsletterName, title, date, locale = 'en-CA', viewInBrowserUrl }: HeaderProps) {
  const theme = useTheme();
  const t = messagesFor(locale);
  const small = { fontFamily: theme.fonts.body, fontSize: theme.fontSizes.small, lineHeight: theme.lineHeights.body, margin: 0 };
  const logoWidth = Math.min(logo.width, theme.widths.logo);
  return (
    <Block>
      {viewInBrowserUrl ? (
        <Text className={DARK.muted} style={{ ...small, color: theme.colors.muted, textAlign: 'end', marginBottom: px(theme.space.md) }}>
          <Link href={viewInBrowserUrl} className={DARK.link} style={{ color: theme.colors.link, textDecoration: 'underline' }}>
            {t.viewInBrowser}
          </Link>
        </Text>
      ) : null}
      <Link href={homeUrl}>
        <Img src={logo.src} alt={logo.alt} width={logoWidth} height={Math.round((logo.height * logoWidth) / logo.width)} />
      </Link>
      <Text className={DARK.accent} style={{ ...small, color: theme.colors.accent, fontWeight: theme.fontWeights.bold, marginTop: px(theme.space.lg), textTransform: 'uppercase', letterSpacing: '0.04em' }}>
        {newsletterName}
      </Text>
      <Heading
        as="h1"
        className={DARK.heading}
        style={{ color: theme.colors.heading, fontFamily: theme.fonts.heading, fontSize: theme.fontSizes.h1, lineHeight: theme.lineHeights.tight, margin: `${px(theme.space.xs)} 0` }}
      >
        {title}
      </Heading>
      <Text className={DARK.muted} style={{ ...small, color: theme.colors.muted }}>
        {formatDate(date, locale)}
      </Text>
    </Block>
  );
}
