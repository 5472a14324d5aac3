import { Img } from 'react-email';
import type { Image } from '../../src/content/content-schema.ts';
import { Block } from '../block/index.ts';
import { formatDate, messagesFor, textAlignEnd, textDirection } from '../locale/index.ts';
import { DARK, headingWeight, linkText, px, useTheme } from '../theme/index.ts';

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
  const small = { fontSize: theme.fontSizes.small };
  const logoWidth = Math.min(logo.width, theme.widths.logo);
  return (
    <Block>
      {viewInBrowserUrl ? (
        <p className={DARK.muted} style={{ ...small, color: theme.colors.muted, textAlign: textAlignEnd(textDirection(locale)), margin: `0 0 ${px(theme.space.md)}` }}>
          <a href={viewInBrowserUrl} style={linkText(theme)}>
            {t.viewInBrowser}
          </a>
        </p>
      ) : null}
      <a href={homeUrl}>
        <Img src={logo.src} alt={logo.alt} width={logoWidth} height={Math.round((logo.height * logoWidth) / logo.width)} />
      </a>
      <p className={DARK.accent} style={{ ...small, color: theme.colors.accent, fontWeight: theme.fontWeights.bold, margin: `${px(theme.space.lg)} 0 0`, textTransform: 'uppercase', letterSpacing: '0.04em' }}>
        {newsletterName}
      </p>
      <h1
        className={DARK.heading}
        style={{ color: theme.colors.heading, fontSize: theme.fontSizes.h1, fontWeight: headingWeight(theme), margin: `${px(theme.space.xs)} 0` }}
      >
        {title}
      </h1>
      <p className={DARK.muted} style={{ ...small, color: theme.colors.muted, margin: 0 }}>
        {formatDate(date, locale)}
      </p>
    </Block>
  );
}
