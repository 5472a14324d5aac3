/** Contacts and their segment memberships. Contacts are global; segments group them. */
import { randomUUID } from 'node:crypto';
import { notFound, validationError } from '../errors.ts';
import { addressOf, isValidAddress, timestamp, type Contact, type StandInState } from '../state.ts';
import { listPage } from './list.ts';
import { requireSegment } from './segments.ts';
import type { Route, RouteAnswer, RouteContext } from './types.ts';

interface ContactFields {
  email?: string;
  first_name?: string;
  last_name?: string;
  unsubscribed?: boolean;
  properties?: Record<string, unknown>;
}

interface CreateContactBody extends ContactFields {
  email: string;
  /** Ids as the spec says, or `{ id }` objects as SDK 6.38 sends (see spec.ts). */
  segments?: Array<string | { id: string }>;
  topics?: Array<{ id?: string; subscription?: string }>;
  audience_id?: string;
}

export const contactRoutes: Route[] = [
  { method: 'POST', path: '/contacts', handle: (context) => createContact(context, []) },
  { method: 'GET', path: '/contacts', handle: (context) => listContacts(context, context.query.get('segment_id')) },
  { method: 'GET', path: '/contacts/{id}', handle: getContact },
  { method: 'PATCH', path: '/contacts/{id}', handle: updateContact },
  { method: 'DELETE', path: '/contacts/{id}', handle: removeContact },
  { method: 'GET', path: '/contacts/{contact_id}/segments', handle: listContactSegments },
  { method: 'POST', path: '/contacts/{contact_id}/segments/{segment_id}', handle: addToSegment },
  { method: 'DELETE', path: '/contacts/{contact_id}/segments/{segment_id}', handle: removeFromSegment },
  // Not in the spec, but SDK 6.38 calls it for `contacts.list({ segmentId })`.
  {
    method: 'GET',
    path: '/segments/{segment_id}/contacts',
    notInSpec: { status: 200 },
    handle: (context) => listContacts(context, context.params.segment_id!),
  },
  // Not in the spec: the deprecated audience-scoped routes that SDK 6.38 still
  // calls when `contacts.create` / `contacts.list` get an `audienceId`.
  {
    method: 'POST',
    path: '/audiences/{audience_id}/contacts',
    notInSpec: { status: 201, bodySchema: 'CreateContactOptions' },
    handle: (context) => createContact(context, [context.params.audience_id!]),
  },
  {
    method: 'GET',
    path: '/audiences/{audience_id}/contacts',
    notInSpec: { status: 200 },
    handle: (context) => listContacts(context, context.params.audience_id!),
  },
];

export function requireContact(state: StandInState, idOrEmail: string): Contact {
  const contact = state.findContact(idOrEmail);
  if (!contact) throw notFound('Contact');
  return contact;
}

/** Resend keeps one contact per address; the stand-in refuses a second one (a choice, not documented). */
function refuseTakenEmail(state: StandInState, email: string, except?: Contact): void {
  const existing = state.findContact(email);
  if (existing && existing !== except) throw validationError(`A contact with email \`${email}\` already exists.`);
}

function checkContactEmail(email: string): void {
  if (!isValidAddress(email, false)) throw validationError('Invalid `email` field: must be an email address like `email@example.com`.');
}

export function newContact(fields: CreateContactBody, now: number): Contact {
  const contact: Contact = {
    id: randomUUID(),
    email: addressOf(fields.email),
    unsubscribed: fields.unsubscribed ?? false,
    properties: fields.properties ?? {},
    segmentIds: new Set(),
    topics: fields.topics ?? [],
    created_at: timestamp(now),
  };
  if (fields.first_name !== undefined) contact.first_name = fields.first_name;
  if (fields.last_name !== undefined) contact.last_name = fields.last_name;
  return contact;
}

function createContact(context: RouteContext, extraSegmentIds: string[]): RouteAnswer {
  const body = context.body as CreateContactBody;
  checkContactEmail(body.email);
  refuseTakenEmail(context.state, body.email);
  const segmentIds = [...extraSegmentIds, ...(body.segments ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.id))];
  if (body.audience_id) segmentIds.push(body.audience_id);
  for (const id of segmentIds) requireSegment(context.state, id);
  const contact = newContact(body, context.now);
  for (const id of segmentIds) contact.segmentIds.add(id);
  context.state.saveContact(contact);
  return { body: { object: 'contact', id: contact.id } };
}

function listContacts(context: RouteContext, segmentId: string | null): RouteAnswer {
  if (segmentId) requireSegment(context.state, segmentId);
  const contacts = [...context.state.contacts.values()].filter((contact) => !segmentId || contact.segmentIds.has(segmentId));
  const page = listPage(contacts, context.query);
  return { body: { ...page, data: page.data.map(summariseContact) } };
}

function summariseContact(contact: Contact): Record<string, unknown> {
  const summary: Record<string, unknown> = {
    id: contact.id,
    email: contact.email,
    created_at: contact.created_at,
    unsubscribed: contact.unsubscribed,
  };
  if (contact.first_name !== undefined) summary.first_name = contact.first_name;
  if (contact.last_name !== undefined) summary.last_name = contact.last_name;
  return summary;
}

function getContact(context: RouteContext): RouteAnswer {
  const contact = requireContact(context.state, context.params.id!);
  return { body: { object: 'contact', ...summariseContact(contact), properties: contact.properties } };
}

function updateContact(context: RouteContext): RouteAnswer {
  const contact = requireContact(context.state, context.params.id!);
  applyContactFields(context.state, contact, context.body as ContactFields);
  return { body: { object: 'contact', id: contact.id } };
}

export function applyContactFields(state: StandInState, contact: Contact, fields: ContactFields): void {
  if (fields.email !== undefined) {
    checkContactEmail(fields.email);
    refuseTakenEmail(state, fields.email, contact);
    state.removeContact(contact);
    contact.email = addressOf(fields.email);
    state.saveContact(contact);
  }
  if (fields.first_name !== undefined) contact.first_name = fields.first_name;
  if (fields.last_name !== undefined) contact.last_name = fields.last_name;
  if (fields.unsubscribed !== undefined) contact.unsubscribed = fields.unsubscribed;
  if (fields.properties !== undefined) contact.properties = { ...contact.properties, ...fields.properties };
}

function removeContact(context: RouteContext): RouteAnswer {
  const contact = requireContact(context.state, context.params.id!);
  context.state.removeContact(contact);
  return { body: { object: 'contact', id: contact.id, deleted: true } };
}

function listContactSegments(context: RouteContext): RouteAnswer {
  const contact = requireContact(context.state, context.params.contact_id!);
  const segments = [...contact.segmentIds].flatMap((id) => context.state.segments.get(id) ?? []);
  const page = listPage(segments, context.query);
  return { body: { ...page, data: page.data.map(({ id, name, created_at }) => ({ id, name, created_at })) } };
}

function addToSegment(context: RouteContext): RouteAnswer {
  const contact = requireContact(context.state, context.params.contact_id!);
  const segment = requireSegment(context.state, context.params.segment_id!);
  contact.segmentIds.add(segment.id);
  return { body: { object: 'contact_segment', contact_id: contact.id, segment_id: segment.id } };
}

function removeFromSegment(context: RouteContext): RouteAnswer {
  const contact = requireContact(context.state, context.params.contact_id!);
  const segment = requireSegment(context.state, context.params.segment_id!);
  const deleted = contact.segmentIds.delete(segment.id);
  return { body: { object: 'contact_segment', contact_id: contact.id, segment_id: segment.id, deleted } };
}
