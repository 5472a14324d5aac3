/** Finding or creating a Resend segment by name, remembered in the campaign record. */
import type { Resend } from 'resend';
import { recordedSegment, rememberSegment } from '../store/broadcasts.ts';
import type { Db } from '../store/db.ts';
import { once } from './once.ts';
import { findInList, resendCall, type CallLimits, type SdkResponse } from './resend-call.ts';

type SegmentSummary = { id: string; name: string };

/** Our record first; then Resend's list (a kill after creating it and before recording it); else create it. */
export async function findOrCreateSegment(db: Db, resend: Resend, name: string, limits?: CallLimits): Promise<{ id: string; created: boolean }> {
  const known = recordedSegment(db, name);
  if (known) return { id: known, created: false };
  const existing = await findSegment(resend, name, limits);
  // No Idempotency-Key for a create: after an answer that may have been lost, look for the segment before creating it again.
  const create = once((signal) => resend.segments.create({ name }, { signal }), async () => {
    const found = await findSegment(resend, name, limits);
    return found === undefined ? undefined : { id: found };
  });
  const id = existing ?? (await resendCall(`creating segment "${name}"`, create, limits)).id;
  rememberSegment(db, name, id);
  return { id, created: existing === undefined };
}

/** The id of a segment by name, from our record or Resend's list; undefined when there is none. */
export async function segmentIdFor(db: Db, resend: Resend, name: string, limits?: CallLimits): Promise<string | undefined> {
  return recordedSegment(db, name) ?? (await findSegment(resend, name, limits));
}

const findSegment = (resend: Resend, name: string, limits?: CallLimits) =>
  findInList<SegmentSummary>('listing segments', (page, signal) => resend.segments.list(page, { signal }) as Promise<SdkResponse<unknown>>, (segment) => segment.name === name, limits);
