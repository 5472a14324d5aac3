/**
 * The content schema: the single source of every content type in Dispatch.
 * Issue files and the brand file are validated here; templates, stories, tests
 * and the send pipeline all use the types inferred from these schemas.
 */
import { z } from 'zod';
import { markdownLinks } from './markdown.ts';
import { MERGE_FIELD_IN_URL, MERGE_FIELD_PATTERN, MERGE_FIELD_OPEN, TOKEN_PLACEHOLDER } from './merge-fields.ts';

// The one inline-Markdown reader, which the renderers share: links are validated as they are rendered.
export { lexInline, markdownLinks } from './markdown.ts';

/** Longest text a single field may hold; a pasted article is a mistake, not content. */
export const MAX_TEXT_LENGTH = 5_000;
/** Gmail and most inboxes truncate subjects well before this. */
export const MAX_SUBJECT_LENGTH = 200;

const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LINE_BREAKS = /[\r\n]/;

/** Checks that every `{{` opens a well-formed merge field, so a typo never reaches a subscriber. */
function mergeFieldsWellFormed(value: string): boolean {
  const opens = value.split(MERGE_FIELD_OPEN).length - 1;
  const matches = value.match(new RegExp(MERGE_FIELD_PATTERN.source, 'g'))?.length ?? 0;
  return opens === matches;
}

/** Plain text: no control characters, merge fields well formed. Never interpreted as HTML. */
export const text = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`)
  .refine((v) => !CONTROL_CHARS.test(v), 'contains a control character; retype the text')
  .refine(mergeFieldsWellFormed, 'has a malformed merge field; write {{name}} or {{name|fallback}}');

/** Text that becomes a message header (subject, preheader): one line only. */
export const headerText = text.refine(
  (v) => !LINE_BREAKS.test(v),
  'must be a single line (line breaks in a header let anyone inject headers)',
);

export type UrlPolicy = 'https' | 'link';

/** Why a URL is refused, or undefined when it is acceptable under the policy. */
export function urlProblem(value: string, policy: UrlPolicy): string | undefined {
  if (MERGE_FIELD_IN_URL.test(value)) return 'merge fields are not allowed in links; write the address in full (a merge field may go in the text around the link)';
  if (CONTROL_CHARS.test(value)) return 'contains a control character';
  if (value.trim().startsWith('//')) return 'must start with https:// (protocol-relative links break in mail clients)';
  let url: URL;
  try {
    // Parsed as a browser does (surrounding spaces and inner tabs or line breaks ignored), so the scheme checked is the one a click would follow.
    url = new URL(value);
  } catch {
    return policy === 'https' ? 'must be a full https:// URL' : 'must be a full https:// or mailto: URL';
  }
  const allowed = url.protocol === 'https:' || (policy === 'link' && url.protocol === 'mailto:');
  if (!allowed) return `must be an ${policy === 'https' ? 'https://' : 'https:// or mailto:'} URL (got ${url.protocol})`;
  if (value !== value.trim() || /\s/.test(value)) return 'must not contain spaces';
  // https://bank.example@evil.example/ goes to evil.example; and a password in a link is published with it.
  if (url.username || url.password) return 'must not hold a user name or password (a reader could not tell the real host)';
  if (url.protocol === 'https:') return url.hostname ? undefined : 'must name a host';
  return url.pathname.includes('@') ? undefined : 'mailto: needs an address';
}

const urlOf = (policy: UrlPolicy) =>
  z.string().superRefine((value, ctx) => {
    const problem = urlProblem(value, policy);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** An https URL: images and web pages. */
export const httpsUrl = urlOf('https');
/** A link target: https, or mailto for a contact address. */
export const linkUrl = urlOf('link');

/** Inline Markdown (links, **bold**, *italic*); paragraphs separated by a blank line. Raw HTML shows as text. */
export const markdown = text.superRefine((value, ctx) => {
  for (const href of markdownLinks(value)) {
    const problem = urlProblem(href, 'link');
    // JSON quoting shows a tab or line break in the link as \t or \n.
    if (problem) ctx.addIssue({ code: 'custom', message: `link ${JSON.stringify(href)} ${problem}` });
  }
});

/** A calendar date written as YYYY-MM-DD. */
export const isoDate = z.string().refine((v) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const parsed = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(v);
}, 'must be a real date written as YYYY-MM-DD');

/** A BCP 47 language tag such as en-CA, fr-CA or ar. */
export const locale = z.string().refine((v) => {
  try {
    return Intl.getCanonicalLocales(v).length === 1;
  } catch {
    return false;
  }
}, 'must be a BCP 47 language tag such as en-CA, fr-CA or ar');

const emailAddress = z.email('must be an email address such as news@example.org');

/** "Display Name <address@example.org>" or a bare address. */
export const mailbox = z.string().refine((v) => {
  if (LINE_BREAKS.test(v)) return false;
  const match = /^\s*(?:"?([^"<>]*)"?\s*)?<([^<>\s]+)>\s*$/.exec(v);
  const address = match ? match[2] : v.trim();
  return emailAddress.safeParse(address).success;
}, 'must be an address, written "Name <news@example.org>" or news@example.org');

export const image = z.strictObject({
  /** https URL of the image. */
  src: httpsUrl,
  /** Alternative text read by screen readers and shown when images are blocked. */
  alt: text.describe('alt text'),
  /** Intrinsic width in CSS pixels; Outlook needs it. */
  width: z.int().positive().max(2000),
  /** Intrinsic height in CSS pixels. */
  height: z.int().positive().max(4000),
});

export const link = z.strictObject({
  label: text,
  url: linkUrl,
});

export const card = z.strictObject({
  date: isoDate,
  title: text,
  summary: markdown,
  link: link.optional(),
  image: image.optional(),
});

export const section = z.strictObject({
  heading: text,
  cards: z.array(card).min(1, 'needs at least one card'),
});

export const podcast = z.strictObject({
  show: text,
  episode: z.int().positive(),
  title: text,
  guest: text.optional(),
  summary: markdown,
  image: image.optional(),
  watchUrl: httpsUrl,
  listenUrl: httpsUrl,
  subscribeUrl: httpsUrl,
});

export const appeal = z.strictObject({
  heading: text.optional(),
  text: markdown,
  button: link,
});

export const share = z.strictObject({
  heading: text,
  text: markdown,
});

export const post = z.strictObject({
  title: text,
  url: httpsUrl,
  image: image.optional(),
});

export const keepReading = z.strictObject({
  heading: text.optional(),
  posts: z.array(post).min(1, 'needs at least one post').max(6, 'shows at most six posts'),
  moreUrl: httpsUrl,
});

export const action = z.strictObject({
  heading: text.optional(),
  text: markdown,
  button: link,
  links: z.array(link).max(2, 'takes at most two supporting links').optional(),
});

const issueBase = {
  subject: headerText.max(MAX_SUBJECT_LENGTH, `must be at most ${MAX_SUBJECT_LENGTH} characters`),
  preheader: headerText,
  date: isoDate,
  locale,
  title: text,
  greeting: text.optional(),
  webUrl: httpsUrl.optional(),
  appeal: appeal.optional(),
  share: share.optional(),
  keepReading: keepReading.optional(),
};

export const digestIssue = z.strictObject({
  template: z.literal('digest'),
  ...issueBase,
  podcast: podcast.optional(),
  sections: z.array(section).min(1, 'needs at least one section'),
});

export const actionAlertIssue = z.strictObject({
  template: z.literal('action-alert'),
  ...issueBase,
  action,
});

export const TEMPLATES = ['digest', 'action-alert'] as const;

export const issueSchema = z.discriminatedUnion('template', [digestIssue, actionAlertIssue], {
  error: () => `must be one of: ${TEMPLATES.join(', ')}`,
});

export const SOCIAL_NETWORKS = ['x', 'instagram', 'youtube', 'facebook', 'linkedin', 'tiktok', 'bluesky', 'threads'] as const;

export const socialProfile = z.strictObject({
  network: z.enum(SOCIAL_NETWORKS),
  url: httpsUrl,
  /** Shown as the link text; defaults to the network's usual name. */
  label: text.optional(),
});

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #RRGGBB');

export const brandColors = z.strictObject({
  primary: hexColor.optional(),
  accent: hexColor.optional(),
  text: hexColor.optional(),
  background: hexColor.optional(),
});

/** Campaign results settings in brand.yaml; every field has a default (src/results/settings.ts). */
export const resultsSettings = z.strictObject({
  /** Days per-recipient events (who opened, who clicked) are kept; after that only per-campaign counts. Default 30, Resend's own retention. */
  retentionDays: z.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days (ten years)').optional(),
  /** Show per-recipient results (who clicked) in reports. Default false: aggregates only. */
  perRecipient: z.boolean().optional(),
  /** The send's health guard: stop taking new batches past these rates. */
  health: z
    .strictObject({
      /** Hard bounces per accepted email, in percent. Default 4 (Resend's account-health limit). */
      maxHardBouncePercent: z.number().gt(0, 'must be above 0').max(100, 'must be at most 100').optional(),
      /** Complaints per accepted email, in percent. Default 0.08 (Resend's account-health limit). */
      maxComplaintPercent: z.number().gt(0, 'must be above 0').max(100, 'must be at most 100').optional(),
      /** Delivered emails before the guard judges. Default 500. */
      minDelivered: z.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
    })
    .optional(),
});

export const brandSchema = z.strictObject({
  /** Legal name of the organisation, shown in the footer (CASL). */
  name: text,
  shortName: text,
  newsletterName: text,
  website: httpsUrl,
  logo: image,
  /** Postal address, lines separated by newlines (CASL requires one). */
  mailingAddress: z.string().trim().min(1, 'must not be empty').max(500),
  contactEmail: emailAddress,
  donateUrl: httpsUrl,
  whatsappUrl: httpsUrl.optional(),
  postsUrl: httpsUrl,
  subscribeUrl: httpsUrl,
  privacyUrl: httpsUrl,
  termsUrl: httpsUrl,
  social: z.array(socialProfile).default([]),
  /** Default sender, "Name <address>". */
  from: mailbox,
  replyTo: emailAddress.optional(),
  unsubscribe: z.strictObject({
    /** https page that takes the signed token; `{{token}}` marks where it goes. */
    url: z.string().superRefine((value, ctx) => {
      // The token is the one placeholder allowed: the send fills it URL-encoded (unsubscribeUrlFor).
      if (!TOKEN_PLACEHOLDER.test(value)) ctx.addIssue({ code: 'custom', message: 'must contain {{token}} where the signed token goes' });
      const problem = urlProblem(value.replace(TOKEN_PLACEHOLDER, 'token'), 'https');
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    /** Address that takes unsubscribe requests by email (List-Unsubscribe mailto). */
    mailto: emailAddress,
  }),
  /** Base URL of the web archive; each issue's webUrl is derived from it. */
  archiveUrl: httpsUrl.optional(),
  /** UTM tagging of links to the organisation's own domains. */
  utm: z
    .strictObject({
      enabled: z.boolean().default(true),
      source: z.string().min(1).default('newsletter'),
      domains: z.array(z.string().min(1)).min(1),
    })
    .optional(),
  colors: brandColors.optional(),
  /** Campaign results: how long per-recipient events are kept, per-recipient output, the send's health guard (defaults: RESULTS_DEFAULTS in src/results/settings.ts). */
  results: resultsSettings.optional(),
  /**
   * What a send does with recipients the consent record (`dispatch subscribers`) knows nothing about:
   * `warn` keeps them and names them; `require` drops them. Expired or withdrawn consent is dropped either way.
   */
  consent: z.enum(['warn', 'require']).default('warn'),
});

export type Image = z.infer<typeof image>;
export type Link = z.infer<typeof link>;
export type Card = z.infer<typeof card>;
export type Section = z.infer<typeof section>;
export type Podcast = z.infer<typeof podcast>;
export type Appeal = z.infer<typeof appeal>;
export type Share = z.infer<typeof share>;
export type Post = z.infer<typeof post>;
export type KeepReadingContent = z.infer<typeof keepReading>;
export type Action = z.infer<typeof action>;
export type DigestIssue = z.infer<typeof digestIssue>;
export type ActionAlertIssue = z.infer<typeof actionAlertIssue>;
export type Issue = z.infer<typeof issueSchema>;
export type TemplateName = Issue['template'];
export type SocialProfile = z.infer<typeof socialProfile>;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];
export type BrandColors = z.infer<typeof brandColors>;
export type Brand = z.infer<typeof brandSchema>;
export type ResultsSettingsInput = z.infer<typeof resultsSettings>;
