/** The frame of every archive page: document head with social metadata, site header and navigation, footer. */
import { Fragment, type ReactNode } from 'react';
import { messagesFor, NETWORK_NAMES, textDirection } from '../../../components/locale/index.ts';
import type { Brand, Image, SocialProfile } from '../../content/content-schema.ts';
import { webMessagesFor } from './messages.ts';

/** What a page tells browsers, search engines and link previews about itself. */
export type PageMeta = Readonly<{
  title: string;
  description: string;
  /** Canonical absolute URL. */
  url: string;
  /** Preview image: the podcast image, else the brand logo. */
  image: Image;
  type: 'article' | 'website';
  /** `YYYY-MM-DD`, for articles. */
  published?: string;
}>;

/** Links from the current page to the archive's own pages. */
export type SiteLinks = Readonly<{ index: string; feed: string }>;

/** `en-CA` → `en_CA`, the form Open Graph uses. */
const ogLocale = (locale: string) => locale.replace('-', '_');

function SocialMeta({ meta, siteName, locale }: { meta: PageMeta; siteName: string; locale: string }) {
  const large = meta.image.width >= 300;
  return (
    <>
      <meta property="og:type" content={meta.type} />
      <meta property="og:site_name" content={siteName} />
      <meta property="og:locale" content={ogLocale(locale)} />
      <meta property="og:title" content={meta.title} />
      <meta property="og:description" content={meta.description} />
      <meta property="og:url" content={meta.url} />
      <meta property="og:image" content={meta.image.src} />
      <meta property="og:image:alt" content={meta.image.alt} />
      <meta property="og:image:width" content={String(meta.image.width)} />
      <meta property="og:image:height" content={String(meta.image.height)} />
      {meta.published ? <meta property="article:published_time" content={meta.published} /> : null}
      <meta name="twitter:card" content={large ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={meta.title} />
      <meta name="twitter:description" content={meta.description} />
      <meta name="twitter:image" content={meta.image.src} />
      <meta name="twitter:image:alt" content={meta.image.alt} />
    </>
  );
}

export type DocumentProps = Readonly<{
  brand: Brand;
  locale: string;
  meta: PageMeta;
  links: SiteLinks;
  styles: string;
  /** Year of the copyright line. */
  year: number;
  children: ReactNode;
}>;

/** `<html>` with language and direction, the head, and the body's skip link, header, main content and footer. */
export function Document({ brand, locale, meta, links, styles, year, children }: DocumentProps) {
  const w = webMessagesFor(locale);
  return (
    <html lang={locale} dir={textDirection(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{meta.type === 'article' ? `${meta.title} | ${brand.newsletterName}` : meta.title}</title>
        <meta name="description" content={meta.description} />
        <link rel="canonical" href={meta.url} />
        <link rel="alternate" type="application/atom+xml" title={brand.newsletterName} href={links.feed} />
        <SocialMeta meta={meta} siteName={brand.newsletterName} locale={locale} />
        <style>{styles}</style>
      </head>
      <body>
        <a className="skip-link" href="#main">
          {w.skipToContent}
        </a>
        <SiteHeader brand={brand} locale={locale} links={links} />
        <main id="main" className="wrap">
          {children}
        </main>
        <SiteFooter brand={brand} locale={locale} links={links} year={year} />
      </body>
    </html>
  );
}

/** Home (the organisation), Posts (this archive), Subscribe: the newsletter's navigation. */
function navItems(brand: Brand, locale: string, links: SiteLinks) {
  const t = messagesFor(locale);
  return [
    { href: brand.website, label: t.home },
    { href: links.index, label: t.posts },
    { href: brand.subscribeUrl, label: t.subscribe },
  ];
}

function SiteHeader({ brand, locale, links }: { brand: Brand; locale: string; links: SiteLinks }) {
  return (
    <header className="site-header">
      <div className="wrap">
        <a href={links.index}>
          <img src={brand.logo.src} alt={brand.logo.alt} width={brand.logo.width} height={brand.logo.height} />
        </a>
        <nav className="site-nav" aria-label={webMessagesFor(locale).siteNavigation}>
          <ul>
            {navItems(brand, locale, links).map((item) => (
              <li key={item.label}>
                <a href={item.href}>{item.label}</a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </header>
  );
}

/** "CMPAC Newsletter › Posts › <subject>": the last crumb is the current page, not a link. */
export function Breadcrumb({ brand, locale, links, current }: { brand: Brand; locale: string; links: SiteLinks; current: string }) {
  return (
    <nav className="breadcrumb" aria-label={webMessagesFor(locale).breadcrumb}>
      <ol>
        <li>
          <a href={links.index}>{brand.newsletterName}</a>
        </li>
        <li>
          <a href={links.index}>{messagesFor(locale).posts}</a>
        </li>
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}

/** Social profiles as a sentence of links, joined the way the locale writes lists ("X, Instagram and YouTube"). */
export function SocialLinks({ profiles, locale }: { profiles: readonly SocialProfile[]; locale: string }) {
  const names = profiles.map((p) => p.label ?? NETWORK_NAMES[p.network]);
  let next = 0;
  return (
    <>
      {new Intl.ListFormat(locale, { type: 'conjunction' }).formatToParts(names).map((part, index) =>
        part.type === 'literal' ? (
          <Fragment key={index}>{part.value}</Fragment>
        ) : (
          <a key={index} href={profiles[next++]!.url}>
            {part.value}
          </a>
        ),
      )}
    </>
  );
}

/** "Follow us on X and Instagram", or nothing when the brand lists no profiles (the share block and the footer both say it). */
export function FollowUs({ profiles, locale }: { profiles: readonly SocialProfile[]; locale: string }) {
  if (profiles.length === 0) return null;
  return (
    <p>
      {messagesFor(locale).followUsOn} <SocialLinks profiles={profiles} locale={locale} />
    </p>
  );
}

/** The web footer: navigation, donate, social, contact, policies and copyright; no unsubscribe (no recipient here). */
function SiteFooter({ brand, locale, links, year }: { brand: Brand; locale: string; links: SiteLinks; year: number }) {
  const t = messagesFor(locale);
  const footerLinks = [
    ...navItems(brand, locale, links),
    { href: brand.donateUrl, label: t.donate },
    { href: links.feed, label: webMessagesFor(locale).feed },
  ];
  return (
    <footer className="site-footer">
      <div className="wrap">
        <ul className="footer-links">
          {footerLinks.map((item) => (
            <li key={item.label}>
              <a href={item.href}>{item.label}</a>
            </li>
          ))}
        </ul>
        <FollowUs profiles={brand.social} locale={locale} />
        <p>
          {brand.name} · {t.contact}: <a href={`mailto:${brand.contactEmail}`}>{brand.contactEmail}</a>
        </p>
        <ul className="footer-links">
          <li>
            <a href={brand.privacyUrl}>{t.privacy}</a>
          </li>
          <li>
            <a href={brand.termsUrl}>{t.terms}</a>
          </li>
        </ul>
        <p>
          © {year} {brand.shortName}.
        </p>
      </div>
    </footer>
  );
}
