/**
 * Template stories: controls that edit an issue's content, and the loader that renders the
 * edited issue with the send pipeline's `renderIssue`. Content that has no control of its own
 * (appeal, share, keep reading) comes unchanged from the story's fixture.
 */
import type { ArgTypes } from '@storybook/react-vite';
import { brand } from '../fixtures/index.ts';
import { brandColors, issueSchema, type ActionAlertIssue, type BrandColors, type DigestIssue, type Issue, type Link, type Section } from '../src/content/content-schema.ts';
import { renderIssue } from '../src/render/render-issue.ts';
import type { EmailPreview } from './email-frame.tsx';

/** Controls every template shares. Empty optional text means "leave it out". */
export type IssueArgs = {
  subject: string;
  preheader: string;
  title: string;
  /** `YYYY-MM-DD`. */
  date: string;
  locale: string;
  greeting: string;
  brandPrimary?: string;
  brandAccent?: string;
  brandText?: string;
  brandBackground?: string;
};

export type DigestArgs = IssueArgs & {
  /** How many cards to show: fewer cuts from the end, more repeats the fixture's cards. */
  cardCount: number;
  sections: Section[];
  podcast: boolean;
  podcastShow: string;
  podcastEpisode: number;
  podcastTitle: string;
  podcastGuest: string;
  podcastSummary: string;
  podcastImageSrc: string;
  podcastImageAlt: string;
  podcastWatchUrl: string;
  podcastListenUrl: string;
  podcastSubscribeUrl: string;
};

export type ActionAlertArgs = IssueArgs & {
  actionHeading: string;
  actionText: string;
  actionButtonLabel: string;
  actionButtonUrl: string;
  actionLinks: Link[];
};

export const LOCALES = ['en-CA', 'fr-CA', 'ar'] as const;
/** The most cards the control offers: enough to pass Gmail's clipping limit. */
export const MAX_CARDS = 100;

const optional = (value: string): string | undefined => (value.trim() ? value : undefined);

export function issueArgs(issue: Issue): IssueArgs {
  return {
    subject: issue.subject,
    preheader: issue.preheader,
    title: issue.title,
    date: issue.date,
    locale: issue.locale,
    greeting: issue.greeting ?? '',
    ...brandColorArgs(brand.colors ?? {}),
  };
}

function brandColorArgs(colors: BrandColors): Pick<IssueArgs, 'brandPrimary' | 'brandAccent' | 'brandText' | 'brandBackground'> {
  return { brandPrimary: colors.primary, brandAccent: colors.accent, brandText: colors.text, brandBackground: colors.background };
}

function applyIssueArgs<T extends Issue>(base: T, args: IssueArgs): T {
  return {
    ...base,
    subject: args.subject,
    preheader: args.preheader,
    title: args.title,
    date: args.date,
    locale: args.locale,
    greeting: optional(args.greeting),
  };
}

/** The fixture's podcast fills the controls; a fixture without one starts from the sample's, switched off. */
export function digestArgs(issue: DigestIssue, fallbackPodcast: NonNullable<DigestIssue['podcast']>): DigestArgs {
  const podcast = issue.podcast ?? fallbackPodcast;
  return {
    ...issueArgs(issue),
    cardCount: issue.sections.reduce((count, section) => count + section.cards.length, 0),
    sections: issue.sections,
    podcast: issue.podcast !== undefined,
    podcastShow: podcast.show,
    podcastEpisode: podcast.episode,
    podcastTitle: podcast.title,
    podcastGuest: podcast.guest ?? '',
    podcastSummary: podcast.summary,
    podcastImageSrc: podcast.image?.src ?? '',
    podcastImageAlt: podcast.image?.alt ?? '',
    podcastWatchUrl: podcast.watchUrl,
    podcastListenUrl: podcast.listenUrl,
    podcastSubscribeUrl: podcast.subscribeUrl,
  };
}

/** Keeps each section's share of cards, cutting from the end or repeating cards to reach `count`. */
export function withCardCount(sections: readonly Section[], count: number): Section[] {
  const all = sections.flatMap((section) => section.cards);
  if (all.length === 0) return [...sections];
  const cards = Array.from({ length: Math.max(1, count) }, (_, index) => all[index % all.length]!);
  const result: Section[] = [];
  let taken = 0;
  sections.forEach((section, index) => {
    const last = index === sections.length - 1;
    const size = last ? cards.length - taken : Math.min(section.cards.length, cards.length - taken);
    if (size > 0) result.push({ ...section, cards: cards.slice(taken, taken + size) });
    taken += Math.max(0, size);
  });
  return result;
}

export function digestFromArgs(base: DigestIssue, args: DigestArgs): DigestIssue {
  const image = optional(args.podcastImageSrc)
    ? { src: args.podcastImageSrc, alt: args.podcastImageAlt, width: base.podcast?.image?.width ?? 600, height: base.podcast?.image?.height ?? 338 }
    : undefined;
  return {
    ...applyIssueArgs(base, args),
    sections: withCardCount(args.sections, args.cardCount),
    podcast: args.podcast
      ? {
          show: args.podcastShow,
          episode: args.podcastEpisode,
          title: args.podcastTitle,
          guest: optional(args.podcastGuest),
          summary: args.podcastSummary,
          image,
          watchUrl: args.podcastWatchUrl,
          listenUrl: args.podcastListenUrl,
          subscribeUrl: args.podcastSubscribeUrl,
        }
      : undefined,
  };
}

export function actionAlertArgs(issue: ActionAlertIssue): ActionAlertArgs {
  return {
    ...issueArgs(issue),
    actionHeading: issue.action.heading ?? '',
    actionText: issue.action.text,
    actionButtonLabel: issue.action.button.label,
    actionButtonUrl: issue.action.button.url,
    actionLinks: issue.action.links ?? [],
  };
}

export function actionAlertFromArgs(base: ActionAlertIssue, args: ActionAlertArgs): ActionAlertIssue {
  return {
    ...applyIssueArgs(base, args),
    action: {
      heading: optional(args.actionHeading),
      text: args.actionText,
      button: { label: args.actionButtonLabel, url: args.actionButtonUrl },
      links: args.actionLinks.length ? args.actionLinks : undefined,
    },
  };
}

/** "CMPAC Newsletter <news@…>" → "CMPAC Newsletter", as an inbox lists the sender. */
export function senderName(mailbox: string): string {
  const match = /^\s*"?([^"<]*?)"?\s*<[^>]+>\s*$/.exec(mailbox);
  return match?.[1]?.trim() || mailbox.trim();
}

/**
 * Renders an edited issue as a reader without merge data receives it (merge fields show their
 * fallbacks), after checking it against the content schema: what `npm run render` would
 * refuse is listed beside the preview instead of hiding it.
 */
export async function previewIssue(issue: Issue, args: IssueArgs): Promise<EmailPreview> {
  const colors: BrandColors = {
    primary: optional(args.brandPrimary ?? ''),
    accent: optional(args.brandAccent ?? ''),
    text: optional(args.brandText ?? ''),
    background: optional(args.brandBackground ?? ''),
  };
  const problems = [
    ...(issueSchema.safeParse(issue).error?.issues ?? []),
    ...(brandColors.safeParse(colors).error?.issues.map((i) => ({ ...i, path: ['brand', 'colors', ...i.path] })) ?? []),
  ].map((i) => `${i.path.join('.')}: ${i.message}`);
  const rendered = await renderIssue({ ...issue, brand: { ...brand, colors } }, { fallbacks: true });
  return { ...rendered, from: senderName(brand.from), problems };
}

const text = (category: string, description: string) => ({ control: 'text', description, table: { category } }) as const;
const color = (description: string) =>
  ({
    control: { type: 'color', presetColors: ['#0B6E4F', '#B3122E', '#1F2933', '#F2F4F3', '#1D4ED8', '#7C3AED'] },
    description: `${description} Written #RRGGBB. Empty: the theme's default.`,
    table: { category: 'Brand colours' },
  }) as const;

export const issueArgTypes = {
  subject: text('Inbox', 'Subject line.'),
  preheader: text('Inbox', 'Preview text inboxes show after the subject.'),
  title: text('Content', 'The issue title, the email’s only heading 1.'),
  date: text('Content', 'Issue date, YYYY-MM-DD.'),
  locale: {
    control: 'select',
    options: LOCALES,
    description: 'Language of the labels and dates; ar is written right to left.',
    table: { category: 'Content' },
  },
  greeting: text('Content', 'Opening line; merge fields such as {{first_name|friend}} show their fallback. Empty: none.'),
  brandPrimary: color('Links and buttons.'),
  brandAccent: color('Eyebrow headings and the newsletter name.'),
  brandText: color('Body text and headings.'),
  brandBackground: color('Behind the content column.'),
} satisfies ArgTypes<IssueArgs>;

export const digestArgTypes = {
  ...issueArgTypes,
  cardCount: {
    control: { type: 'range', min: 1, max: MAX_CARDS, step: 1 },
    description: 'Number of advocacy cards: fewer cuts from the end, more repeats the cards below.',
    table: { category: 'Cards' },
  },
  sections: {
    control: 'object',
    description: 'Sections and their cards: heading; each card’s date, title, summary (Markdown), link and image.',
    table: { category: 'Cards' },
  },
  podcast: { control: 'boolean', description: 'Show the podcast block.', table: { category: 'Podcast' } },
  podcastShow: text('Podcast', 'Name of the show.'),
  podcastEpisode: { control: { type: 'number', min: 1, step: 1 }, description: 'Episode number.', table: { category: 'Podcast' } },
  podcastTitle: text('Podcast', 'Episode title.'),
  podcastGuest: text('Podcast', 'Guest’s name. Empty: none.'),
  podcastSummary: text('Podcast', 'Summary in Markdown.'),
  podcastImageSrc: text('Podcast', 'Thumbnail URL (https). Empty: no image.'),
  podcastImageAlt: text('Podcast', 'Thumbnail alt text.'),
  podcastWatchUrl: text('Podcast', 'Link behind "Watch".'),
  podcastListenUrl: text('Podcast', 'Link behind "Listen".'),
  podcastSubscribeUrl: text('Podcast', 'Link behind "Subscribe to …".'),
} satisfies ArgTypes<DigestArgs>;

export const actionAlertArgTypes = {
  ...issueArgTypes,
  actionHeading: text('Action', 'Heading above the call to action. Empty: none.'),
  actionText: text('Action', 'Context in Markdown; a blank line starts a paragraph.'),
  actionButtonLabel: text('Action', 'The button’s label.'),
  actionButtonUrl: text('Action', 'Where the button leads (https or mailto).'),
  actionLinks: { control: 'object', description: 'Up to two supporting links: label and url.', table: { category: 'Action' } },
} satisfies ArgTypes<ActionAlertArgs>;
