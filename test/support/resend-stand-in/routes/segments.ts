/**
 * Segments, and the deprecated Audiences endpoints. Resend turned audiences
 * into segments (the SDK's `resend.audiences` is `resend.segments`), so both
 * sets of endpoints share one store.
 */
import { randomUUID } from 'node:crypto';
import { notFound } from '../errors.ts';
import { timestamp, type Segment, type StandInState } from '../state.ts';
import { listPage } from './list.ts';
import type { Route, RouteAnswer, RouteContext } from './types.ts';

export const segmentRoutes: Route[] = [
  { method: 'POST', path: '/segments', handle: (context) => createSegment(context, 'segment') },
  { method: 'GET', path: '/segments', handle: listSegments },
  { method: 'GET', path: '/segments/{id}', handle: (context) => getSegment(context, 'segment') },
  { method: 'DELETE', path: '/segments/{id}', handle: (context) => removeSegment(context, 'segment') },
  { method: 'POST', path: '/audiences', handle: (context) => createSegment(context, 'audience') },
  { method: 'GET', path: '/audiences', handle: listAudiences },
  { method: 'GET', path: '/audiences/{id}', handle: (context) => getSegment(context, 'audience') },
  { method: 'DELETE', path: '/audiences/{id}', handle: (context) => removeSegment(context, 'audience') },
];

type Kind = 'segment' | 'audience';

export function requireSegment(state: StandInState, id: string): Segment {
  const segment = state.segments.get(id);
  if (!segment) throw notFound('Segment');
  return segment;
}

function createSegment(context: RouteContext, kind: Kind): RouteAnswer {
  const body = context.body as { name: string; filter?: Record<string, unknown> };
  const segment: Segment = { id: randomUUID(), name: body.name, created_at: timestamp(context.now) };
  if (body.filter !== undefined) segment.filter = body.filter;
  context.state.segments.set(segment.id, segment);
  return kind === 'segment'
    ? { body: { id: segment.id, object: 'segment' } }
    : { body: { id: segment.id, object: 'audience', name: segment.name } };
}

function listSegments(context: RouteContext): RouteAnswer {
  const page = listPage(context.state.segments.values(), context.query);
  return { body: { ...page, data: page.data.map(({ id, name, created_at }) => ({ id, name, created_at })) } };
}

/** The spec's audience list has no `has_more`; it answers every audience. */
function listAudiences(context: RouteContext): RouteAnswer {
  const all = [...context.state.segments.values()].reverse();
  return { body: { object: 'list', data: all.map(({ id, name, created_at }) => ({ id, name, created_at })) } };
}

function getSegment(context: RouteContext, kind: Kind): RouteAnswer {
  const segment = requireSegment(context.state, context.params.id!);
  const body: Record<string, unknown> = { id: segment.id, object: kind, name: segment.name, created_at: segment.created_at };
  if (kind === 'segment' && segment.filter !== undefined) body.filter = segment.filter;
  return { body };
}

function removeSegment(context: RouteContext, kind: Kind): RouteAnswer {
  const segment = requireSegment(context.state, context.params.id!);
  context.state.segments.delete(segment.id);
  for (const contact of context.state.contacts.values()) contact.segmentIds.delete(segment.id);
  return { body: { id: segment.id, object: kind, deleted: true } };
}
