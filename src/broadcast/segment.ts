/** Finding or creating a Resend segment by name, remembered in the campaign record. */
import type { Resend } from 'resend';
import type { Db } from '../store/db.ts';
import { findInList, resendCall, type SdkResponse } from './resend-call.ts';
import { ensureBroadcastTables } from './schema.ts';

type SegmentSummary = { id: string; name: string };

/** The segment id the campaign record remembers for a name. */
function recordedSegment(db: Db, name: string): string | undefined {
  ensureBroadcastTables(db);
  return (db.prepare('SELECT segment_id FROM segments WHERE name = ?').get(name) as { segment_id: string } | undefined)?.segment_id;
}

/** Our record first; then Resend's list (a kill after creating it and before recording it); else create it. */
export async function findOrCreateSegment(db: Db, resend: Resend, name: string): Promise<{ id: string; created: boolean }> {
  const known = recordedSegment(db, name);
  if (known) return { id: known, created: false };
  const existing = await findSegment(resend, name);
  const id = existing ?? (await resendCall(`creating segment "${name}"`, () => resend.segments.create({ name }))).id;
  db.prepare('INSERT INTO segments (name, segment_id, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET segment_id = excluded.segment_id').run(name, id, new Date().toISOString());
  return { id, created: existing === undefined };
}

/** The id of a segment by name, from our record or Resend's list; undefined when there is none. */
export async function segmentIdFor(db: Db, resend: Resend, name: string): Promise<string | undefined> {
  return recordedSegment(db, name) ?? (await findSegment(resend, name));
}

const findSegment = (resend: Resend, name: string) =>
  findInList<SegmentSummary>('listing segments', (page) => resend.segments.list(page) as Promise<SdkResponse<unknown>>, (segment) => segment.name === name);
