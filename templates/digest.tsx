import { AdvocacyCard, Block, IssueShell, PodcastBlock, SectionHeading, type Theme } from '../components/index.ts';
import type { Brand, DigestIssue } from '../src/content/content-schema.ts';

export type DigestProps = Readonly<{
  /** The issue's content. Required. */
  issue: DigestIssue;
  /** The organisation. Required. */
  brand: Brand;
  /** Theme to start from; brand colours are applied over it. Default: the default theme. */
  theme?: Theme;
}>;

/** The weekly digest: a podcast episode, sections of advocacy cards, then the shared appeal, share and footer. */
export function Digest({ issue, brand, theme }: DigestProps) {
  return (
    <IssueShell issue={issue} brand={brand} theme={theme}>
      {issue.podcast ? <PodcastBlock {...issue.podcast} locale={issue.locale} /> : null}
      {issue.sections.map((section, sectionIndex) => (
        <Block key={sectionIndex}>
          <SectionHeading>{section.heading}</SectionHeading>
          {section.cards.map((card, cardIndex) => (
            <AdvocacyCard key={cardIndex} {...card} locale={issue.locale} divided={cardIndex > 0} />
          ))}
        </Block>
      ))}
    </IssueShell>
  );
}
