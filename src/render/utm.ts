/**
 * UTM tagging of the organisation's own links, as a transform of the issue DATA
 * before any template renders: the HTML and the plain-text part then carry the
 * same tagged URLs, and personalisation never has to touch a URL.
 *
 * Links on the brand's `utm.domains` (and their subdomains) get `utm_source`
 * (brand), `utm_medium=email`, `utm_campaign=<issue slug>` and
 * `utm_content=<block>`; parameters the author already wrote are kept. Other
 * domains, mailto links, images and the unsubscribe link are left alone.
 */
import { lexInline, paragraphs, type Token, type Tokens } from '../content/markdown.ts';
import type { RenderableIssue } from '../content/issue.ts';
import type { Brand, Issue, Link } from '../content/content-schema.ts';

/** What tagging needs to know, from the brand's `utm` block and the issue. */
export type UtmSettings = Readonly<{
  source: string;
  campaign: string;
  domains: readonly string[];
}>;

export const UTM_MEDIUM = 'email';
export const UTM_PARAMS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content'] as const;

/**
 * The campaign name: the issue's slug (its file name). Issues built in code have
 * no file, so their date and title stand in, written the way file names are.
 */
export function campaignOf(issue: RenderableIssue): string {
  if (issue.slug) return issue.slug;
  const title = issue.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  // Long titles are cut at a word, so the campaign name stays readable in analytics.
  const short = title.length > 60 ? title.slice(0, 60).replace(/-[^-]*$/, '') : title;
  return [issue.date, short].filter(Boolean).join('-');
}

/** The brand's tagging settings for an issue; undefined when the brand does not tag (no `utm`, or `enabled: false`). */
export function utmSettings(issue: RenderableIssue): UtmSettings | undefined {
  const utm = issue.brand.utm;
  if (!utm || utm.enabled === false) return undefined;
  return { source: utm.source ?? 'newsletter', campaign: campaignOf(issue), domains: utm.domains };
}

/** Whether a URL's host is one of the domains or a subdomain of one (`www.example.org` is on `example.org`). */
export function isOwnDomain(url: string, domains: readonly string[]): boolean {
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
    host = parsed.hostname.toLowerCase();
  } catch {
    return false;
  }
  return domains.some((d) => {
    const domain = d.toLowerCase().replace(/^\.+/, '');
    return host === domain || host.endsWith(`.${domain}`);
  });
}

/** The URL with the UTM parameters it lacks; unchanged when it is not on the organisation's domains. */
export function tagUrl(url: string, content: string, settings: UtmSettings): string {
  if (!isOwnDomain(url, settings.domains)) return url;
  const parsed = new URL(url);
  const values: Record<(typeof UTM_PARAMS)[number], string> = {
    utm_source: settings.source,
    utm_medium: UTM_MEDIUM,
    utm_campaign: settings.campaign,
    utm_content: content,
  };
  for (const name of UTM_PARAMS) if (!parsed.searchParams.has(name)) parsed.searchParams.append(name, values[name]);
  return parsed.toString();
}

/** The href as written inside a link token's raw Markdown, replaced; the raw unchanged when it cannot be found. */
function retargetLinkRaw(token: Tokens.Link, href: string): string {
  const raw = token.raw;
  if (raw === token.href) return href; // a bare URL (GFM autolink)
  if (raw === `<${token.href}>`) return `<${href}>`;
  const destination = raw.lastIndexOf('](');
  const at = destination < 0 ? -1 : raw.indexOf(token.href, destination);
  return at < 0 ? raw : raw.slice(0, at) + href + raw.slice(at + token.href.length);
}

/** A token's raw Markdown with every link inside it retargeted. */
function retargetRaw(token: Token, retarget: (href: string) => string): string {
  if (token.type === 'link') return retargetLinkRaw(token as Tokens.Link, retarget(token.href));
  const children = 'tokens' in token ? token.tokens : undefined;
  if (!children?.length) return token.raw;
  const inner = children.map((t) => t.raw).join('');
  const at = token.raw.indexOf(inner);
  if (at < 0) return token.raw;
  return token.raw.slice(0, at) + children.map((t) => retargetRaw(t, retarget)).join('') + token.raw.slice(at + inner.length);
}

/**
 * Inline Markdown with each link target passed through `retarget`, everything
 * else as the renderers read it: the paragraphs of `paragraphs`, each lexed by
 * `lexInline`, so the links retargeted are exactly the links rendered.
 */
export function retargetMarkdownLinks(markdown: string, retarget: (href: string) => string): string {
  return paragraphs(markdown)
    .map((paragraph) => {
      const tokens = lexInline(paragraph);
      const rebuilt = tokens.map((t) => retargetRaw(t, retarget)).join('');
      // Tokens cover their paragraph exactly; if not, leave it alone rather than lose text.
      return tokens.map((t) => t.raw).join('') === paragraph ? rebuilt : paragraph;
    })
    .join('\n\n');
}

/** The block name (`utm_content`) of a digest's Nth card, counted across sections from 1; campaign results name blocks by it. */
export const cardBlock = (n: number): string => `statement-${n}`;

/** Tags an issue's own links. Without brand settings the issue is returned as it is. */
export function tagIssueLinks<T extends RenderableIssue>(issue: T): T {
  const settings = utmSettings(issue);
  if (!settings) return issue;
  const url = (value: string, content: string) => tagUrl(value, content, settings);
  const md = (value: string, content: string) => retargetMarkdownLinks(value, (href) => url(href, content));
  const link = (value: Link, content: string): Link => ({ ...value, url: url(value.url, content) });
  const tagged: Issue = { ...issue } as Issue;

  // Block names say where a reader clicked: `statement-N` is the issue's Nth card.
  if (issue.webUrl) tagged.webUrl = url(issue.webUrl, 'header');
  if (issue.appeal) tagged.appeal = { ...issue.appeal, text: md(issue.appeal.text, 'donate'), button: link(issue.appeal.button, 'donate') };
  if (issue.share) tagged.share = { ...issue.share, text: md(issue.share.text, 'share') };
  if (issue.keepReading) {
    const k = issue.keepReading;
    tagged.keepReading = { ...k, posts: k.posts.map((p) => ({ ...p, url: url(p.url, 'keep-reading') })), moreUrl: url(k.moreUrl, 'keep-reading') };
  }
  if (issue.template === 'digest' && tagged.template === 'digest') {
    const p = issue.podcast;
    if (p) {
      tagged.podcast = { ...p, summary: md(p.summary, 'podcast'), watchUrl: url(p.watchUrl, 'podcast'), listenUrl: url(p.listenUrl, 'podcast'), subscribeUrl: url(p.subscribeUrl, 'podcast') };
    }
    let n = 0;
    tagged.sections = issue.sections.map((section) => ({
      ...section,
      cards: section.cards.map((card) => {
        const block = cardBlock(++n);
        return { ...card, summary: md(card.summary, block), ...(card.link ? { link: link(card.link, block) } : {}) };
      }),
    }));
  }
  if (issue.template === 'action-alert' && tagged.template === 'action-alert') {
    const a = issue.action;
    tagged.action = { ...a, text: md(a.text, 'action'), button: link(a.button, 'action'), ...(a.links ? { links: a.links.map((l) => link(l, 'action')) } : {}) };
  }
  return { ...tagged, brand: tagBrandLinks(issue, settings) } as T;
}

/**
 * The brand's links are shared by several blocks but exist once in the data, so
 * each is tagged for the first block a reader meets it in: the website in the
 * header (logo), donate and social links in the share block when the issue has
 * one, everything else in the footer. The unsubscribe link is never tagged.
 */
function tagBrandLinks(issue: RenderableIssue, settings: UtmSettings): Brand {
  const brand = issue.brand;
  const sharedBlock = issue.share ? 'share' : 'footer';
  const url = (value: string, content: string) => tagUrl(value, content, settings);
  return {
    ...brand,
    website: url(brand.website, 'header'),
    donateUrl: url(brand.donateUrl, sharedBlock),
    ...(brand.whatsappUrl ? { whatsappUrl: url(brand.whatsappUrl, 'share') } : {}),
    social: brand.social.map((s) => ({ ...s, url: url(s.url, sharedBlock) })),
    postsUrl: url(brand.postsUrl, 'footer'),
    subscribeUrl: url(brand.subscribeUrl, 'footer'),
    privacyUrl: url(brand.privacyUrl, 'footer'),
    termsUrl: url(brand.termsUrl, 'footer'),
  };
}
