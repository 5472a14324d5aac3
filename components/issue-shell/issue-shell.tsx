import type { ReactNode } from 'react';
import type { Brand, Issue } from '../../src/content/content-schema.ts';
import { copyrightYear, unsubscribeMergeField } from '../../src/content/brand.ts';
import { Block } from '../block/index.ts';
import { DonateAppeal } from '../donate-appeal/index.ts';
import { DonateFooter } from '../donate-footer/index.ts';
import { EmailLayout } from '../email-layout/index.ts';
import { Header } from '../header/index.ts';
import { KeepReading } from '../keep-reading/index.ts';
import { textDirection } from '../locale/index.ts';
import { ShareBlock } from '../share-block/index.ts';
import { ThemeProvider, bodyText, createTheme, px, useTheme, type Theme } from '../theme/index.ts';

export type IssueShellProps = Readonly<{
  /** The issue's content (any template). Required. */
  issue: Issue;
  /** The organisation: identity, links, legal address. Required. */
  brand: Brand;
  /** The theme; brand colours are applied over it. Default: the default theme. */
  theme?: Theme;
  /** The template's own blocks, between the greeting and the appeal. */
  children: ReactNode;
}>;

function Greeting({ children }: { children: string }) {
  const theme = useTheme();
  return (
    <Block>
      <p style={{ ...bodyText(theme), margin: 0 }}>
        {children}
      </p>
    </Block>
  );
}

/** What every issue template shares: layout, header, greeting, appeal, share, keep reading and the legal footer. */
export function IssueShell({ issue, brand, theme, children }: IssueShellProps) {
  const locale = issue.locale;
  return (
    <ThemeProvider theme={createTheme(brand.colors, theme)}>
      <EmailLayout lang={locale} dir={textDirection(locale)} title={issue.subject} preheader={issue.preheader}>
        <Header
          logo={brand.logo}
          homeUrl={brand.website}
          newsletterName={brand.newsletterName}
          title={issue.title}
          date={issue.date}
          locale={locale}
          viewInBrowserUrl={issue.webUrl}
        />
        {issue.greeting ? <Greeting>{issue.greeting}</Greeting> : null}
        {children}
        {issue.appeal ? <DonateAppeal {...issue.appeal} /> : null}
        {issue.share ? (
          <ShareBlock
            {...issue.share}
            donateUrl={brand.donateUrl}
            whatsappUrl={brand.whatsappUrl}
            social={brand.social}
            website={brand.website}
            locale={locale}
          />
        ) : null}
        {issue.keepReading ? <KeepReading {...issue.keepReading} locale={locale} /> : null}
        <DonateFooter
          organizationName={brand.name}
          shortName={brand.shortName}
          mailingAddress={brand.mailingAddress}
          contactEmail={brand.contactEmail}
          website={brand.website}
          postsUrl={brand.postsUrl}
          subscribeUrl={brand.subscribeUrl}
          donateUrl={brand.donateUrl}
          unsubscribeUrl={unsubscribeMergeField(brand)}
          privacyUrl={brand.privacyUrl}
          termsUrl={brand.termsUrl}
          year={copyrightYear(issue.date)}
          social={brand.social}
          locale={locale}
        />
      </EmailLayout>
    </ThemeProvider>
  );
}

