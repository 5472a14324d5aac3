/**
 * The plain-text part, written from the content rather than scraped from the
 * HTML: headings, each card's title, date, summary and link on its own line,
 * buttons as "Label: URL", and the legal footer.
 */
import { formatDate, messagesFor, NETWORK_NAMES, type Messages } from '../../components/locale/index.ts';
import { lexMarkdown, visitInline, type InlineRenderer } from '../content/markdown.ts';
import { copyrightYear, unsubscribeMergeField } from '../content/brand.ts';
import type { ActionAlertIssue, Brand, DigestIssue, Issue } from '../content/content-schema.ts';

const RULE_WIDTH = 40;
const rule = (char: string) => char.repeat(RULE_WIDTH);

/** The plain-text output: links written "label (url)", or the URL alone when it is its own label. */
const textRenderer: InlineRenderer<string> = {
  emphasis: (_kind, children) => children.join(''),
  link: (href, children) => {
    const label = children.join('');
    return label === href ? href : `${label} (${href})`;
  },
  br: () => '\n',
  text: (text) => text,
  // Shown with its backticks, as typed.
  codespan: (token) => token.raw,
};

/** Inline Markdown as plain paragraphs, links written "label (url)". */
export function markdownToText(markdown: string): string {
  return lexMarkdown(markdown)
    .map((tokens) => visitInline(tokens, textRenderer).join(''))
    .join('\n\n');
}

const heading = (text: string, underline = '-') => `${text}\n${underline.repeat(Math.min(text.length, RULE_WIDTH))}`;
const labelled = (label: string, url: string) => `${label}: ${url}`;

function digestBody(issue: DigestIssue, t: Messages): string[] {
  const blocks: string[] = [];
  const p = issue.podcast;
  if (p) {
    blocks.push(
      [
        heading(t.episode(p.show, p.episode, p.title)),
        p.guest ? t.withGuest(p.guest) : undefined,
        '',
        markdownToText(p.summary),
        '',
        labelled(t.watch, p.watchUrl),
        labelled(t.listen, p.listenUrl),
        labelled(t.subscribeTo(p.show), p.subscribeUrl),
      ]
        .filter((line) => line !== undefined)
        .join('\n'),
    );
  }
  for (const section of issue.sections) {
    blocks.push(heading(section.heading.toUpperCase(), '='));
    for (const card of section.cards) {
      const lines = [card.title, formatDate(card.date, issue.locale), '', markdownToText(card.summary)];
      if (card.link) lines.push('', labelled(card.link.label, card.link.url));
      blocks.push(lines.join('\n'));
    }
  }
  return blocks;
}

function actionBody(issue: ActionAlertIssue): string[] {
  const a = issue.action;
  const lines = [a.heading ? heading(a.heading) : undefined, markdownToText(a.text), '', labelled(a.button.label, a.button.url)];
  for (const link of a.links ?? []) lines.push(labelled(link.label, link.url));
  return [lines.filter((line) => line !== undefined).join('\n')];
}

function sharedBlocks(issue: Issue, brand: Brand, t: Messages): string[] {
  const blocks: string[] = [];
  if (issue.appeal) {
    const a = issue.appeal;
    blocks.push([a.heading ? heading(a.heading) : undefined, markdownToText(a.text), '', labelled(a.button.label, a.button.url)].filter((l) => l !== undefined).join('\n'));
  }
  if (issue.share) {
    const lines = [heading(issue.share.heading), markdownToText(issue.share.text), '', labelled(`${t.shareDonate[0]}${t.shareDonate[1]}`, brand.donateUrl)];
    if (brand.whatsappUrl) lines.push(labelled(`${t.shareWhatsapp[0]} ${t.shareWhatsapp[1]}`, brand.whatsappUrl));
    for (const profile of brand.social) lines.push(labelled(`${t.followUsOn} ${profile.label ?? NETWORK_NAMES[profile.network]}`, profile.url));
    lines.push(labelled(`${t.visitWebsite[0]}${new URL(brand.website).host}${t.visitWebsite[1]}`, brand.website));
    blocks.push(lines.join('\n'));
  }
  if (issue.keepReading) {
    const k = issue.keepReading;
    const lines = [heading(k.heading ?? t.keepReading)];
    for (const post of k.posts) lines.push(`- ${post.title}`, `  ${post.url}`);
    lines.push('', labelled(t.viewMore, k.moreUrl));
    blocks.push(lines.join('\n'));
  }
  return blocks;
}

function footer(issue: Issue, brand: Brand, t: Messages): string {
  return [
    rule('-'),
    labelled(t.home, brand.website),
    labelled(t.posts, brand.postsUrl),
    labelled(t.subscribe, brand.subscribeUrl),
    labelled(t.donate, brand.donateUrl),
    '',
    t.whyReceiving(brand.name),
    brand.mailingAddress.trim(),
    labelled(t.contact, brand.contactEmail),
    '',
    labelled(t.unsubscribe, unsubscribeMergeField(brand)),
    labelled(t.privacy, brand.privacyUrl),
    labelled(t.terms, brand.termsUrl),
    `© ${copyrightYear(issue.date)} ${brand.shortName}.`,
  ].join('\n');
}

/** The whole plain-text part of an issue, merge fields still in place. */
export function renderPlainText(issue: Issue, brand: Brand): string {
  const t = messagesFor(issue.locale);
  const top = [brand.newsletterName, heading(issue.title, '='), formatDate(issue.date, issue.locale)];
  if (issue.webUrl) top.push(labelled(t.viewInBrowser, issue.webUrl));
  const blocks = [top.join('\n')];
  if (issue.greeting) blocks.push(issue.greeting);
  blocks.push(...(issue.template === 'digest' ? digestBody(issue, t) : actionBody(issue)));
  blocks.push(...sharedBlocks(issue, brand, t), footer(issue, brand, t));
  return `${blocks.join('\n\n')}\n`;
}
