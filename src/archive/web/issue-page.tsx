/** One issue as a web page: breadcrumb, title and date, the issue's blocks, "Keep reading", all in the site frame. */
import { formatDate } from '../../../components/locale/index.ts';
import { copyrightYear } from '../../content/brand.ts';
import type { Brand, Issue } from '../../content/content-schema.ts';
import type { ArchiveEntry } from '../archive.ts';
import { ActionBlock, AppealBlock, CardSection, KeepReadingBlock, PodcastBlock, ShareBlock, type ReadingItem } from './blocks.tsx';
import { Breadcrumb, Document, type PageMeta, type SiteLinks } from './layout.tsx';

export type IssuePageProps = Readonly<{
  brand: Brand;
  entry: ArchiveEntry;
  /** The newer and older issues, linked relative to this page. */
  neighbours: readonly (ReadingItem & { url: string })[];
  links: SiteLinks;
  styles: string;
}>;

/** The podcast image makes the best link preview; the logo stands in when there is none. */
function previewImage(issue: Issue, brand: Brand) {
  return (issue.template === 'digest' ? issue.podcast?.image : undefined) ?? brand.logo;
}

function issueMeta(entry: ArchiveEntry, brand: Brand): PageMeta {
  const { issue } = entry;
  return { title: issue.subject, description: issue.preheader, url: entry.url, image: previewImage(issue, brand), type: 'article', published: issue.date };
}

/** The template's own blocks: the podcast and sections of a digest, or an alert's call to action. */
function TemplateBlocks({ issue }: { issue: Issue }) {
  if (issue.template === 'action-alert') return <ActionBlock action={issue.action} />;
  return (
    <>
      {issue.podcast ? <PodcastBlock podcast={issue.podcast} locale={issue.locale} /> : null}
      {issue.sections.map((section, index) => (
        <CardSection key={index} section={section} locale={issue.locale} />
      ))}
    </>
  );
}

/** Neighbouring issues first (they are this archive's own pages), then the issue's recommended posts not already listed. */
function readingItems(issue: Issue, neighbours: IssuePageProps['neighbours']): ReadingItem[] {
  const listed = new Set(neighbours.map((n) => n.url));
  const posts = (issue.keepReading?.posts ?? []).filter((post) => !listed.has(post.url)).map((post) => ({ title: post.title, href: post.url, image: post.image }));
  return [...neighbours.map(({ url: _url, ...item }) => item), ...posts];
}

export function IssuePage({ brand, entry, neighbours, links, styles }: IssuePageProps) {
  const { issue } = entry;
  const locale = issue.locale;
  const items = readingItems(issue, neighbours);
  return (
    <Document brand={brand} locale={locale} meta={issueMeta(entry, brand)} links={links} styles={styles} year={copyrightYear(issue.date)}>
      <Breadcrumb brand={brand} locale={locale} links={links} current={issue.subject} />
      <article className="page">
        <header>
          <h1>{issue.subject}</h1>
          <p className="meta">
            <time dateTime={issue.date}>{formatDate(issue.date, locale)}</time>
          </p>
          <p className="standfirst">{issue.title}</p>
        </header>
        {issue.greeting ? <p>{issue.greeting}</p> : null}
        <TemplateBlocks issue={issue} />
        {issue.appeal ? <AppealBlock appeal={issue.appeal} /> : null}
        {issue.share ? <ShareBlock share={issue.share} brand={brand} locale={locale} /> : null}
        {items.length > 0 ? <KeepReadingBlock heading={issue.keepReading?.heading} items={items} moreHref={links.index} locale={locale} /> : null}
      </article>
    </Document>
  );
}
