/**
 * What the stand-in remembers. Tests read (and may change) these records
 * directly; the route handlers only append and update them.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FaultKind } from './faults.ts';

/** The body of one email, as the spec's SendEmailRequest describes it (already validated). */
export interface SendEmailBody {
  from: string;
  to: string | string[];
  subject: string;
  cc?: string | string[];
  bcc?: string | string[];
  reply_to?: string | string[];
  html?: string;
  text?: string;
  headers?: Record<string, unknown>;
  tags?: Array<{ name: string; value?: string }>;
  scheduled_at?: string;
  attachments?: unknown[];
  template?: unknown;
  topic_id?: string;
}

type AddressList = 'to' | 'cc' | 'bcc' | 'reply_to';

/**
 * An accepted email: the request's fields, every address list as an array,
 * and what the stand-in noted. With `recordBodies: false`, `html`, `text`
 * and `attachments` are left out.
 */
export type StoredEmail = Omit<SendEmailBody, AddressList> & {
  id: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  reply_to?: string[];
  /** The `Idempotency-Key` of the request that created it, or null. */
  idempotencyKey: string | null;
  /** `Date.now()` when the stand-in accepted it. */
  receivedAt: number;
  /** Which endpoint created it. */
  via: 'emails' | 'batch' | 'broadcast';
  broadcastId?: string;
};

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: string;
  /** The status answered; null while unanswered, and for `drop` and `lost` faults. */
  status: number | null;
  /** Error `name` of a non-2xx answer. */
  errorName?: string;
  /** Request headers; `authorization` has its value replaced by `[redacted]`. */
  headers: IncomingHttpHeaders;
  /** `Date.now()` when the request arrived. */
  time: number;
  answeredAt: number | null;
  fault?: FaultKind;
  idempotencyKey?: string;
  /** True when the answer was replayed from the idempotency store. */
  replayed?: boolean;
}

export interface Contact {
  id: string;
  email: string;
  first_name?: string;
  last_name?: string;
  unsubscribed: boolean;
  properties: Record<string, unknown>;
  segmentIds: Set<string>;
  topics: Array<{ id?: string; subscription?: string }>;
  created_at: string;
}

export interface Segment {
  id: string;
  name: string;
  filter?: Record<string, unknown>;
  created_at: string;
}

export type BroadcastStatus = 'draft' | 'scheduled' | 'sent';

export interface Broadcast {
  id: string;
  name?: string;
  segment_id: string;
  /** Set when the broadcast was created with the deprecated `audience_id`. */
  audience_id?: string;
  from: string;
  subject: string;
  reply_to?: string[];
  preview_text?: string;
  html?: string;
  text?: string;
  topic_id?: string;
  status: BroadcastStatus;
  created_at: string;
  scheduled_at?: string;
  sent_at?: string;
  /** Ids of the emails the send produced (see `StoredEmail.broadcastId`). */
  emailIds: string[];
}

export interface ContactImport {
  id: string;
  status: 'queued' | 'in_progress' | 'completed' | 'failed';
  created_at: string;
  completed_at: string | null;
  counts: { total: number; created: number; updated: number; skipped: number; failed: number };
}

export class StandInState {
  readonly emails: StoredEmail[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly contacts = new Map<string, Contact>();
  readonly segments = new Map<string, Segment>();
  readonly broadcasts = new Map<string, Broadcast>();
  readonly imports = new Map<string, ContactImport>();
  /** Lower-cased address → contact id, so imports of many rows stay linear. */
  private contactIdsByEmail = new Map<string, string>();

  /** Emails accepted for this address (in to, cc or bcc), oldest first. */
  deliveriesTo(address: string): StoredEmail[] {
    const wanted = addressOf(address);
    return this.emails.filter((email) => recipientsOf(email).some((recipient) => addressOf(recipient) === wanted));
  }

  /** How many accepted emails each address (to, cc and bcc) received; keys are lower-cased bare addresses. */
  countByRecipient(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const email of this.emails) {
      for (const recipient of recipientsOf(email)) {
        const address = addressOf(recipient);
        counts.set(address, (counts.get(address) ?? 0) + 1);
      }
    }
    return counts;
  }

  findEmail(id: string): StoredEmail | undefined {
    // Newest first: tests usually look up what they just sent.
    for (let i = this.emails.length - 1; i >= 0; i -= 1) if (this.emails[i]!.id === id) return this.emails[i];
    return undefined;
  }

  /** A contact by id or by email address, as the `/contacts/{id}` routes allow. */
  findContact(idOrEmail: string): Contact | undefined {
    const byId = this.contacts.get(idOrEmail);
    if (byId) return byId;
    if (!idOrEmail.includes('@')) return undefined;
    const address = addressOf(idOrEmail);
    const contact = this.contacts.get(this.contactIdsByEmail.get(address) ?? '');
    return contact?.email === address ? contact : undefined;
  }

  /** Adds a contact (or re-indexes one whose email changed). Use this rather than `contacts.set`. */
  saveContact(contact: Contact): void {
    this.contacts.set(contact.id, contact);
    this.contactIdsByEmail.set(contact.email, contact.id);
  }

  removeContact(contact: Contact): void {
    this.contacts.delete(contact.id);
    if (this.contactIdsByEmail.get(contact.email) === contact.id) this.contactIdsByEmail.delete(contact.email);
  }

  clear(): void {
    this.emails.length = 0;
    this.requests.length = 0;
    this.contacts.clear();
    this.contactIdsByEmail.clear();
    this.segments.clear();
    this.broadcasts.clear();
    this.imports.clear();
  }
}

function recipientsOf(email: StoredEmail): string[] {
  if (!email.cc && !email.bcc) return email.to;
  return [...email.to, ...(email.cc ?? []), ...(email.bcc ?? [])];
}

/** `Ann <Ann@Example.org>` → `ann@example.org`. */
export function addressOf(recipient: string): string {
  const angle = /<([^<>]*)>\s*$/.exec(recipient);
  return (angle ? angle[1]! : recipient).trim().toLowerCase();
}

const BARE_ADDRESS = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;
const NAMED_ADDRESS = /^[^<>]*<([^<>]+)>$/;

/** Resend accepts `email@example.com` or `Name <email@example.com>`. */
export function isValidAddress(recipient: string, allowName = true): boolean {
  const trimmed = recipient.trim();
  if (BARE_ADDRESS.test(trimmed)) return true;
  const named = allowName ? NAMED_ADDRESS.exec(trimmed) : null;
  return named !== null && BARE_ADDRESS.test(named[1]!.trim());
}

/** A string or an array of strings, as the spec allows for recipients, as an array. */
export function asList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? [value] : value;
}

/** Resend's timestamp style: `2023-10-06 23:47:56.678+00`. */
export function timestamp(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '+00');
}
