/**
 * A campaign's results, as one plain object: what `dispatch report` prints as
 * a table, as `--json`, and draws as `--html`. Read only from the per-campaign
 * counts (src/store/results.ts) and the send's record, so pruning per-recipient
 * events never changes it; who clicked is added only when the brand turns
 * per-recipient output on.
 */
import type { Issue } from '../content/content-schema.ts';
import { cardBlock } from '../render/utm.ts';
import type { Db } from '../store/db.ts';
import { campaignCounts, campaignKind, clickers, oldestEvent, sendFigures, unsubscribesAfter, type Clicker, type CountRow } from '../store/results.ts';
import { campaignHealth, type Health } from './health.ts';
import type { ResultsSettings } from './settings.ts';

export const OPENS_NOTE =
  'Opens are inflated: Apple Mail Privacy Protection and image proxies (Gmail, Outlook) load the tracking pixel without anyone reading; count clicks, not opens.';

export type Funnel = Readonly<{
  recipients: number;
  accepted: number;
  sent: number;
  delivered: number;
  delayed: number;
  hardBounces: number;
  softBounces: number;
  complaints: number;
  failed: number;
  suppressed: number;
  unsubscribes: number;
  opened: number;
  opens: number;
  clicked: number;
  clicks: number;
}>;

export type Rates = Readonly<{
  /** Percent of accepted emails. */
  delivered: number | null;
  hardBounce: number | null;
  complaint: number | null;
  /** Percent of delivered emails clicked at least once (unique clicks). */
  click: number | null;
  /** Percent of delivered emails opened (inflated: see OPENS_NOTE). */
  open: number | null;
}>;

export type LinkClicks = Readonly<{ link: string; block: string | null; clicks: number; clickers: number }>;
/** `block` null: links without `utm_content` (other sites' links, which the send does not tag). */
export type BlockClicks = Readonly<{ block: string | null; title: string | null; clicks: number; clickers: number }>;

export const UNTAGGED_TITLE = 'Links to other sites (no utm_content)';
export type TimelinePoint = Readonly<{ start: string; span: 'hour' | 'day'; clicks: number }>;

export type CampaignReport = Readonly<{
  campaign: string;
  kind: 'batch' | 'broadcast';
  startedAt: string | null;
  locale: string | null;
  funnel: Funnel;
  rates: Rates;
  bounceKinds: Readonly<Record<string, number>>;
  links: readonly LinkClicks[];
  blocks: readonly BlockClicks[];
  timeline: readonly TimelinePoint[];
  opensNote: string;
  /** The send's health guard on these figures (brand.yaml results.health). */
  health: Pick<Health, 'state' | 'reason'>;
  retention: Readonly<{ days: number; oldestEventKept: string | null }>;
  /** Only when brand.yaml's `results.perRecipient` is true. */
  clickers?: readonly Clicker[];
}>;

const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 100 : null);

/** Each block's title, from the issue the campaign sent: the name a person recognises beside its `utm_content`. */
export function blockTitles(issue: Issue): Map<string, string> {
  const titles = new Map<string, string>([
    ['header', 'Header (logo, view in browser)'],
    ['footer', 'Footer'],
    ['share', issue.share?.heading ?? 'Share'],
    ['keep-reading', issue.keepReading?.heading ?? 'Keep reading'],
    ['donate', issue.appeal?.heading ?? 'Donate appeal'],
  ]);
  if (issue.template === 'digest') {
    if (issue.podcast) titles.set('podcast', `Podcast: ${issue.podcast.title}`);
    let n = 0;
    for (const section of issue.sections) for (const card of section.cards) titles.set(cardBlock(++n), card.title);
  } else {
    titles.set('action', issue.action.heading ?? 'Call to action');
  }
  return titles;
}

/** Hourly for the first two days after `start`, daily after that. */
export function timelineOf(hours: ReadonlyArray<readonly [string, number]>, start: string | null): TimelinePoint[] {
  const sorted = [...hours].sort(([a], [b]) => a.localeCompare(b));
  if (sorted.length === 0) return [];
  const origin = Date.parse(start ?? `${sorted[0]![0]}:00:00Z`);
  const hourly = new Map<string, number>();
  const daily = new Map<string, number>();
  for (const [hour, clicks] of sorted) {
    const time = Date.parse(`${hour}:00:00Z`);
    if (time - origin < 48 * 3_600_000) hourly.set(`${hour}:00:00.000Z`, (hourly.get(`${hour}:00:00.000Z`) ?? 0) + clicks);
    else daily.set(`${hour.slice(0, 10)}T00:00:00.000Z`, (daily.get(`${hour.slice(0, 10)}T00:00:00.000Z`) ?? 0) + clicks);
  }
  return [...[...hourly].map(([s, clicks]) => ({ start: s, span: 'hour' as const, clicks })), ...[...daily].map(([s, clicks]) => ({ start: s, span: 'day' as const, clicks }))];
}

export type ReportInput = Readonly<{
  db: Db;
  campaign: string;
  settings: ResultsSettings;
  /** The issue the campaign sent, when its file can still be read: block titles and locale. */
  issue?: Issue;
}>;

/** The report, or null when the record holds no campaign or broadcast by that id. */
export function buildReport({ db, campaign, settings, issue }: ReportInput): CampaignReport | null {
  const kind = campaignKind(db, campaign);
  if (!kind) return null;
  const rows = campaignCounts(db, campaign);
  const of = (metric: string) => rows.filter((row) => row.metric === metric);
  const count = (metric: string, key: string) => rows.find((row) => row.metric === metric && row.key === key)?.count ?? 0;
  const keyed = (metric: string) => new Map(of(metric).map((row: CountRow) => [row.key, row.count]));
  const figures = sendFigures(db, campaign);
  const outcome = (name: string) => count('outcome', name);
  const funnel: Funnel = {
    recipients: figures.recipients,
    accepted: figures.accepted,
    sent: count('emails', 'sent'),
    delivered: outcome('delivered'),
    delayed: count('emails', 'delivery_delayed'),
    hardBounces: outcome('bounced'),
    softBounces: outcome('soft_bounced'),
    complaints: count('emails', 'complained'),
    failed: outcome('failed'),
    suppressed: outcome('suppressed'),
    unsubscribes: kind === 'batch' ? unsubscribesAfter(db, campaign) : 0,
    opened: count('emails', 'opened'),
    opens: count('events', 'opened'),
    clicked: count('emails', 'clicked'),
    clicks: count('events', 'clicked'),
  };
  // Broadcasts have no per-recipient record here: what Resend accepted is what its events say was sent.
  const accepted = kind === 'batch' ? funnel.accepted : funnel.sent;
  const titles = issue ? blockTitles(issue) : new Map<string, string>();
  const linkClickers = keyed('link_clickers');
  const blockClickers = keyed('block_clickers');
  const links = of('link_clicks')
    .map((row) => ({ link: row.key, block: blockOfLink(row.key), clicks: row.count, clickers: linkClickers.get(row.key) ?? 0 }))
    .sort((a, b) => b.clicks - a.clicks || a.link.localeCompare(b.link));
  const blocks = of('block_clicks')
    .map((row) => ({ block: row.key || null, title: row.key ? (titles.get(row.key) ?? null) : UNTAGGED_TITLE, clicks: row.count, clickers: blockClickers.get(row.key) ?? 0 }))
    .sort((a, b) => b.clicks - a.clicks || (a.block ?? '').localeCompare(b.block ?? ''));
  return {
    campaign,
    kind,
    startedAt: figures.startedAt,
    locale: issue?.locale ?? null,
    funnel,
    rates: {
      delivered: percent(funnel.delivered, accepted),
      hardBounce: percent(funnel.hardBounces, accepted),
      complaint: percent(funnel.complaints, accepted),
      click: percent(funnel.clicked, funnel.delivered),
      open: percent(funnel.opened, funnel.delivered),
    },
    bounceKinds: Object.fromEntries(of('bounce_kinds').map((row) => [row.key, row.count])),
    links,
    blocks,
    timeline: timelineOf(
      of('click_hours').map((row) => [row.key, row.count] as const),
      figures.startedAt,
    ),
    opensNote: OPENS_NOTE,
    health: (({ state, reason }) => ({ state, reason }))(campaignHealth(db, campaign, settings)),
    retention: { days: settings.retentionDays, oldestEventKept: oldestEvent(db) },
    ...(settings.perRecipient ? { clickers: clickers(db, campaign) } : {}),
  };
}

function blockOfLink(link: string): string | null {
  try {
    return new URL(link).searchParams.get('utm_content');
  } catch {
    return null;
  }
}
