/** The archive's front page: every issue, newest first, with its title, date and preheader. */
import { formatDate, messagesFor, textDirection } from '../../../components/locale/index.ts';
import { copyrightYear } from '../../content/brand.ts';
import type { Brand } from '../../content/content-schema.ts';
import type { ArchiveEntry } from '../archive.ts';
import { Document, type SiteLinks } from './layout.tsx';
import { webMessagesFor } from './messages.ts';

export type IndexPageProps = Readonly<{
  brand: Brand;
  /** Newest first, each with its link relative to the index. */
  entries: readonly (ArchiveEntry & { href: string })[];
  /** Absolute URL of the index. */
  url: string;
  links: SiteLinks;
  styles: string;
}>;

export function IndexPage({ brand, entries, url, links, styles }: IndexPageProps) {
  const newest = entries[0]!.issue;
  // The archive speaks the language of its latest issue; other issues are marked with their own.
  const locale = newest.locale;
  const description = webMessagesFor(locale).indexDescription(brand.newsletterName, brand.name);
  const meta = { title: brand.newsletterName, description, url, image: brand.logo, type: 'website' as const };
  return (
    <Document brand={brand} locale={locale} meta={meta} links={links} styles={styles} year={copyrightYear(newest.date)}>
      <div className="page">
        <header>
          <h1>{brand.newsletterName}</h1>
          <p className="standfirst">{description}</p>
        </header>
        <h2>{messagesFor(locale).posts}</h2>
        <ol className="issue-list" reversed>
          {entries.map(({ issue, href }) => (
            <li key={href} {...(issue.locale === locale ? {} : { lang: issue.locale, dir: textDirection(issue.locale) })}>
              <article>
                <h3>
                  <a href={href}>{issue.subject}</a>
                </h3>
                <time className="meta" dateTime={issue.date}>
                  {formatDate(issue.date, issue.locale)}
                </time>
                <p>{issue.preheader}</p>
              </article>
            </li>
          ))}
        </ol>
      </div>
    </Document>
  );
}
