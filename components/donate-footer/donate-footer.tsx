import { Fragment } from 'react';
import type { SocialProfile } from '../../src/content/content-schema.ts';
import { Block, Panel } from '../block/index.ts';
import { messagesFor } from '../locale/index.ts';
import { SocialLinks } from '../social-links/index.ts';
import { DARK, divider, linkText, px, smallText, useTheme } from '../theme/index.ts';

export type DonateFooterProps = Readonly<{
  /** Legal name of the organisation (Canada's anti-spam law asks for it). Required. */
  organizationName: string;
  /** Short name for the copyright line, e.g. "CMPAC". Required. */
  shortName: string;
  /** Postal address, lines separated by newlines. Required. */
  mailingAddress: string;
  /** Contact address, shown as a mailto link. Required. */
  contactEmail: string;
  /** The organisation's website (the "Home" link). Required. */
  website: string;
  /** The newsletter's list of posts. Required. */
  postsUrl: string;
  /** The newsletter's sign-up page. Required. */
  subscribeUrl: string;
  /** The donate page. Required. */
  donateUrl: string;
  /** The unsubscribe link; in a campaign a merge field filled per recipient. Required. */
  unsubscribeUrl: string;
  /** Privacy policy page. Required. */
  privacyUrl: string;
  /** Terms of use page. Required. */
  termsUrl: string;
  /** Year of the copyright line. Required. */
  year: number;
  /** Social profiles. Default: `[]` (line omitted). */
  social?: readonly SocialProfile[];
  /** BCP 47 locale for the labels. Default: `'en-CA'`. */
  locale?: string;
}>;

/** The legal footer: navigation, donate and social links, why you get this, address, unsubscribe, policies, copyright. */
export function DonateFooter(props: DonateFooterProps) {
  const { organizationName, shortName, mailingAddress, contactEmail, website, postsUrl, subscribeUrl, donateUrl } = props;
  const { unsubscribeUrl, privacyUrl, termsUrl, year, social = [], locale = 'en-CA' } = props;
  const theme = useTheme();
  const t = messagesFor(locale);
  const line = { ...smallText(theme), textAlign: 'center' as const, margin: `0 0 ${px(theme.space.xs)}` };
  const spaced = { ...line, margin: `${px(theme.space.md)} 0 ${px(theme.space.xs)}` };
  const link = linkText(theme);
  const separated = (items: readonly { href: string; label: string }[]) =>
    items.map((item, index) => (
      <Fragment key={item.href}>
        {index > 0 ? ' · ' : null}
        <a href={item.href} style={link}>
          {item.label}
        </a>
      </Fragment>
    ));
  return (
    <Block style={{ paddingBottom: px(theme.space.xl) }}>
      <Panel className={DARK.border} style={{ ...divider(theme), paddingTop: px(theme.space.lg) }}>
        <p className={DARK.muted} style={line}>
          {separated([
            { href: website, label: t.home },
            { href: postsUrl, label: t.posts },
            { href: subscribeUrl, label: t.subscribe },
            { href: donateUrl, label: t.donate },
          ])}
        </p>
        {social.length > 0 ? (
          <p className={DARK.muted} style={line}>
            {t.followUsOn} <SocialLinks profiles={social} locale={locale} />
          </p>
        ) : null}
        <p className={DARK.muted} style={spaced}>
          {t.whyReceiving(organizationName)}
        </p>
        <p className={DARK.muted} style={line}>
          {mailingAddress
            .trim()
            .split('\n')
            .map((addressLine, index) => (
              <Fragment key={index}>
                {index > 0 ? <br /> : null}
                {addressLine}
              </Fragment>
            ))}
        </p>
        <p className={DARK.muted} style={line}>
          {t.contact}:{' '}
          <a href={`mailto:${contactEmail}`} style={link}>
            {contactEmail}
          </a>
        </p>
        <p className={DARK.muted} style={spaced}>
          {separated([
            { href: unsubscribeUrl, label: t.unsubscribe },
            { href: privacyUrl, label: t.privacy },
            { href: termsUrl, label: t.terms },
          ])}
        </p>
        <p className={DARK.muted} style={line}>
          © {year} {shortName}.
        </p>
      </Panel>
    </Block>
  );
}
