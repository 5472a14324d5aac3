/** Finding or creating a Resend segment by name, remembered in the campaign record. */
import type { Resend } from 'resend';
import type { Db } from '../store/db.ts';
import { resendCall } from './resend-call.ts';
import { ensureBroadcastTables } from './schema.ts';

type SegmentSummary = { id: string; name: string };

/** Our record first; then Resend's list (a kill after creating it and before recording it); else create it. */
export async function findOrCreateSegment(db: Db, resend: Resend, name: string): Promise<{ id: string; created: boolean }> {
  ensureBroadcastTables(db);
  const known = db.prepare('SELECT segment_id FROM segments WHERE name = ?').get(name) as { segment_id: string } | undefined;
  if (known) return { id: known.segment_id, created: false };
  const existing = await findSegment(resend, name);
  const id = existing ?? (await resendCall(`creating segment "${name}"`, () => resend.segments.create({ name }))).id;
  db.prepare('INSERT INTO segments (name, segment_id, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET segment_id = excluded.segment_id').run(name, id, new Date().toISOString());
  return { id, created: existing === undefined };
}

/** The id of a segment by name, from our record or Resend's list; undefined when there is none. */
export async function segmentIdFor(db: Db, resend: Resend, name: string): Promise<string | undefined> {
  ensureBroadcastTables(db);
  const known = db.prepare('SELECT segment_id FROM segments WHERE name = ?').get(name) as { segment_id: string } | undefined;
  return known?.segment_id ?? (await findSegment(resend, name));
}

async function findSegment(resend: Resend, name: string): Promise<string | undefined> {
  let after: string | undefined;
  for (;;) {
    const page = await resendCall('listing segments', () => resend.segments.list(after ? { limit: 100, after } : { limit: 100 }));
    const list = page as unknown as { data: SegmentSummary[]; has_more?: boolean };
    const match = list.data.find((segment) => segment.name === name);
    if (match) return match.id;
    if (!list.has_more || list.data.length === 0) return undefined;
    after = list.data[list.data.length - 1]!.id;
  }
}
