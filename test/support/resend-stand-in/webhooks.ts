/**
 * The stand-in's webhook sender: Resend's email events for the emails it
 * accepted, signed as Resend signs them (Svix headers, test/support/svix-signature.ts)
 * and posted to a URL it is given, with Resend's habits: a delivery that gets
 * no 2xx is retried under the same `svix-id`, deliveries come out of order,
 * some twice, and a whole set can be replayed.
 *
 * What happens to each email is drawn from a generator seeded with the seed
 * and the email's address, so it does not depend on batch order or timing:
 *
 *   every email: `sent`; then one of
 *     hard bounce (Permanent)  ·  soft bounce (Transient, never delivered)  ·  `delivered`
 *   a delivered email may also be: delayed first (`delivery_delayed`), opened
 *   (1–3 opens), clicked (1–3 clicks on links the email really carries, at
 *   hours spread over three days) and complained about.
 *
 * `expectedCounts` says what was seeded, counted here and independently of
 * Dispatch's own results code, for the tests to compare `report --json` with.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from '../seeded-random.ts';
import { signSvix } from '../svix-signature.ts';
import type { StoredEmail } from './state.ts';

export type EventRates = Readonly<{
  /** Share of emails with a Permanent bounce. Default 0.02. */
  hardBounce?: number;
  /** Share with a Transient bounce (and no delivery). Default 0.01. */
  softBounce?: number;
  /** Share of delivered emails delayed first. Default 0.05. */
  delay?: number;
  /** Share of delivered emails complained about. Default 0.001. */
  complaint?: number;
  /** Share of delivered emails opened. Default 0.3. */
  open?: number;
  /** Share of delivered emails clicked. Default 0.1. */
  click?: number;
}>;

export type PlanOptions = Readonly<{
  seed: number;
  rates?: EventRates;
  /** The links an email carries (default: the `href`s of its recorded html; a stand-in started with `recordBodies: false` must be given them). */
  linksOf?: (email: StoredEmail) => readonly string[];
  /** When the first event happens, ms (default: when the stand-in accepted the email). */
  startAt?: (email: StoredEmail) => number;
}>;

/** One webhook delivery: its svix-id, event type and JSON body. */
export type PlannedEvent = Readonly<{ svixId: string; type: string; emailId: string; body: string }>;

/** What was seeded, per email counted once under its furthest outcome, as a reader of Resend's dashboard would count it. */
export type SeededCounts = {
  sent: number;
  delivered: number;
  delayed: number;
  hardBounces: number;
  softBounces: number;
  complaints: number;
  opened: number;
  opens: number;
  clicked: number;
  clicks: number;
  /** By `utm_content`: clicks, and emails that clicked in the block. */
  blocks: Record<string, { clicks: number; clickers: number }>;
  /** By link. */
  links: Record<string, { clicks: number; clickers: number }>;
};

const DEFAULT_RATES: Required<EventRates> = { hardBounce: 0.02, softBounce: 0.01, delay: 0.05, complaint: 0.001, open: 0.3, click: 0.1 };

const HOUR = 3_600_000;

/** The `href`s of an html body, entities decoded; mailto and the unsubscribe link (never tracked by Resend's click tracking here) left out. */
export function linksInHtml(html: string): string[] {
  const links = new Set<string>();
  for (const match of html.matchAll(/href="(https:[^"]+)"/g)) {
    const href = match[1]!.replace(/&amp;/g, '&').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"');
    if (!/unsubscribe/i.test(href)) links.add(href);
  }
  return [...links];
}

function emailRandom(seed: number, email: StoredEmail): () => number {
  const digest = createHash('sha256').update(`${seed}:${email.to[0]}`).digest();
  return seededRandom(digest.readUInt32LE(0));
}

const iso = (ms: number) => new Date(ms).toISOString();

function tagsOf(email: StoredEmail): Record<string, string> {
  return Object.fromEntries((email.tags ?? []).map((tag) => [tag.name, tag.value ?? '']));
}

/** The events one email gets, in the order Resend would emit them. */
export function eventsForEmail(email: StoredEmail, options: PlanOptions): PlannedEvent[] {
  const rates = { ...DEFAULT_RATES, ...options.rates };
  const random = emailRandom(options.seed, email);
  const start = options.startAt?.(email) ?? email.receivedAt;
  const data = {
    email_id: email.id,
    created_at: iso(email.receivedAt),
    from: email.from,
    to: email.to,
    subject: email.subject,
    ...(email.broadcastId ? { broadcast_id: email.broadcastId } : {}),
    ...(email.tags ? { tags: tagsOf(email) } : {}),
  };
  const events: PlannedEvent[] = [];
  const add = (type: string, at: number, extra: Record<string, unknown> = {}) => {
    const n = events.length;
    events.push({
      svixId: `msg_${email.id}_${n}`,
      type,
      emailId: email.id,
      body: JSON.stringify({ type: `email.${type}`, created_at: iso(at), data: { ...data, ...extra } }),
    });
  };
  add('sent', start);
  const fate = random();
  if (fate < rates.hardBounce) {
    add('bounced', start + 20_000, { bounce: { type: 'Permanent', subType: random() < 0.5 ? 'NoEmail' : 'General', message: 'The recipient does not exist.', diagnosticCode: ['smtp; 550 5.1.1 user unknown'] } });
    return events;
  }
  if (fate < rates.hardBounce + rates.softBounce) {
    add('bounced', start + 20_000, { bounce: { type: 'Transient', subType: 'MailboxFull', message: 'The mailbox is full.', diagnosticCode: ['smtp; 452 4.2.2 mailbox full'] } });
    return events;
  }
  let deliveredAt = start + 5_000;
  if (random() < rates.delay) {
    add('delivery_delayed', start + 10_000);
    deliveredAt = start + 30 * 60_000;
  }
  add('delivered', deliveredAt);
  if (random() < rates.open) {
    const opens = 1 + Math.floor(random() * 3);
    for (let i = 0; i < opens; i++) add('opened', deliveredAt + Math.floor(random() * 72 * HOUR));
  }
  if (random() < rates.click) {
    const links = options.linksOf?.(email) ?? linksInHtml(email.html ?? '');
    if (links.length === 0) throw new Error(`email ${email.id} has no links to click: start the stand-in with recordBodies, or pass linksOf`);
    const clicks = 1 + Math.floor(random() * 3);
    for (let i = 0; i < clicks; i++) {
      // Most clicks in the first hours, a tail over three days.
      const at = deliveredAt + Math.floor(random() ** 3 * 72 * HOUR);
      const link = links[Math.floor(random() * links.length)]!;
      add('clicked', at, { click: { ipAddress: '192.0.2.1', link, timestamp: iso(at), userAgent: 'Mozilla/5.0 (stand-in)' } });
    }
  }
  if (random() < rates.complaint) add('complained', deliveredAt + HOUR);
  return events;
}

/** Every event for these emails. */
export function planWebhookEvents(emails: readonly StoredEmail[], options: PlanOptions): PlannedEvent[] {
  return emails.flatMap((email) => eventsForEmail(email, options));
}

/** What the planned events amount to, counted from the events themselves. */
export function expectedCounts(events: readonly PlannedEvent[]): SeededCounts {
  const counts: SeededCounts = { sent: 0, delivered: 0, delayed: 0, hardBounces: 0, softBounces: 0, complaints: 0, opened: 0, opens: 0, clicked: 0, clicks: 0, blocks: {}, links: {} };
  const byEmail = new Map<string, Array<{ type: string; data: Record<string, any> }>>();
  for (const event of events) {
    const parsed = JSON.parse(event.body) as { type: string; data: Record<string, any> };
    const list = byEmail.get(event.emailId) ?? [];
    list.push({ type: parsed.type.slice('email.'.length), data: parsed.data });
    byEmail.set(event.emailId, list);
  }
  for (const list of byEmail.values()) {
    const has = (type: string) => list.some((event) => event.type === type);
    const bounce = list.find((event) => event.type === 'bounced')?.data.bounce as { type: string } | undefined;
    if (has('sent')) counts.sent++;
    if (bounce?.type === 'Permanent') counts.hardBounces++;
    else if (has('delivered')) counts.delivered++;
    else if (bounce) counts.softBounces++;
    if (has('delivery_delayed')) counts.delayed++;
    if (has('complained')) counts.complaints++;
    const opens = list.filter((event) => event.type === 'opened').length;
    counts.opens += opens;
    if (opens > 0) counts.opened++;
    const clicks = list.filter((event) => event.type === 'clicked').map((event) => event.data.click.link as string);
    counts.clicks += clicks.length;
    if (clicks.length > 0) counts.clicked++;
    for (const link of clicks) {
      const block = new URL(link).searchParams.get('utm_content') ?? '';
      (counts.links[link] ??= { clicks: 0, clickers: 0 }).clicks++;
      (counts.blocks[block] ??= { clicks: 0, clickers: 0 }).clicks++;
    }
    for (const link of new Set(clicks)) counts.links[link]!.clickers++;
    for (const block of new Set(clicks.map((link) => new URL(link).searchParams.get('utm_content') ?? ''))) counts.blocks[block]!.clickers++;
  }
  return counts;
}

export type DeliverOptions = Readonly<{
  /** Where to post: `http://127.0.0.1:8787/webhooks/resend`. */
  url: string;
  /** The endpoint's signing secret, `whsec_…`. */
  secret: string;
  seed: number;
  /** Share of deliveries sent a second time, later in the run, under the same svix-id (a retry after a lost answer). Default 0.1. */
  duplicates?: number;
  /** Shuffle the order (out-of-order delivery). Default true. */
  shuffle?: boolean;
  /** Requests at once. Default 8. */
  concurrency?: number;
  /** Attempts per delivery that gets no 2xx (Svix retries with backoff). Default 5. */
  attempts?: number;
}>;

export type DeliveryTally = { posted: number; retried: number; byStatus: Record<string, number> };

/** Posts the events (shuffled and duplicated as asked), retrying those that get no 2xx; rejects when one never gets one. */
export async function deliverWebhookEvents(events: readonly PlannedEvent[], options: DeliverOptions): Promise<DeliveryTally> {
  const random = seededRandom(options.seed ^ 0x5f3759df);
  const queue: PlannedEvent[] = [...events];
  for (const event of events) if (random() < (options.duplicates ?? 0.1)) queue.push(event);
  if (options.shuffle ?? true) {
    for (let i = queue.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [queue[i], queue[j]] = [queue[j]!, queue[i]!];
    }
  }
  const tally: DeliveryTally = { posted: 0, retried: 0, byStatus: {} };
  const attempts = options.attempts ?? 5;
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const event = queue[next++]!;
      for (let attempt = 1; ; attempt++) {
        let status: number | string;
        try {
          status = await postEvent(options.url, options.secret, event);
        } catch (error) {
          status = (error as Error).name;
        }
        tally.posted++;
        tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
        if (typeof status === 'number' && status >= 200 && status < 300) break;
        if (attempt >= attempts) throw new Error(`webhook ${event.svixId} (${event.type}) got ${status} ${attempts} times`);
        tally.retried++;
        await sleep(50 * 2 ** attempt);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return tally;
}

/** One signed delivery; the svix-timestamp is now, as for a retry. */
export async function postEvent(url: string, secret: string, event: PlannedEvent): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    body: event.body,
    headers: { 'content-type': 'application/json', 'svix-id': event.svixId, 'svix-timestamp': String(timestamp), 'svix-signature': signSvix(secret, event.svixId, timestamp, event.body) },
  });
  await response.arrayBuffer();
  return response.status;
}
