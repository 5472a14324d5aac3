/**
 * `npm run broadcast`: one issue, rendered once with Resend's merge tags in
 * place of ours, as a Resend broadcast to a synced segment. Resend then fans
 * out, throttles and handles unsubscribes itself.
 *
 * Exactly one broadcast per campaign: the record row is written before the
 * create call ('creating'), the id right after ('draft'), and 'sending'
 * before the send call. A run that finds 'creating' adopts the broadcast
 * Resend already has under the campaign's name; one that finds 'sending'
 * asks Resend whether it went out before sending. So a re-run after a kill
 * at any point neither duplicates nor re-sends.
 */
import { createHash } from 'node:crypto';
import type { Resend } from 'resend';
import { loadIssue, type LoadedIssue } from '../content/load.ts';
import { campaignIdFor, checkSchedule } from '../deliver/send-settings.ts';
import { DispatchError } from '../errors/errors.ts';
import { subjectLine } from '../personalise/personalise.ts';
import { renderTemplate } from '../render/render-issue.ts';
import { findBroadcast as findRecordedBroadcast, insertBroadcast, setBroadcastState, type BroadcastState, type BroadcastUpdate } from '../store/broadcasts.ts';
import type { Db } from '../store/db.ts';
import { toResendMergeTags, toResendMergeTagsInHtml } from './merge-tags.ts';
import { once } from './once.ts';
import { findInList, resendCall, type CallLimits, type SdkResponse } from './resend-call.ts';
import { segmentIdFor } from './segment.ts';

export type BroadcastOptions = Readonly<{
  db: Db;
  resend: Resend;
  /** Retry limits (DISPATCH_*, from tuningFromEnv); default: the send's. */
  limits?: CallLimits;
  issueFile: string;
  /** Brand file. Default: beside the issue's folder, else `content/brand.yaml` (see loadIssue). */
  brandPath?: string;
  segment: string;
  /** `--campaign`; default: the issue file's name. */
  campaign?: string;
  /** ISO time with zone; only with `send`. */
  schedule?: string;
  send: boolean;
  /** Runs before anything reaches Resend; throws to refuse (exit 2). */
  preflight?: (issue: LoadedIssue) => Promise<unknown>;
  log?: (line: string) => void;
}>;

export type BroadcastResult = Readonly<{
  campaign: string;
  broadcastId: string;
  state: 'draft' | 'sent' | 'scheduled';
  /** What this run did. */
  action: 'created draft' | 'updated draft' | 'sent' | 'scheduled' | 'nothing (already done)' | 'nothing (draft unchanged)';
}>;

export type BroadcastContent = Readonly<{ name: string; from: string; replyTo?: string[]; subject: string; previewText: string; html: string; text: string }>;

/** Renders the issue once with Resend's merge tags. */
export async function broadcastContent(issue: LoadedIssue, campaign: string): Promise<BroadcastContent> {
  const rendered = await renderTemplate(issue);
  return {
    name: campaign,
    from: issue.brand.from,
    ...(issue.brand.replyTo ? { replyTo: [issue.brand.replyTo] } : {}),
    subject: subjectLine(toResendMergeTags(rendered.subject)),
    previewText: toResendMergeTags(rendered.preheader),
    html: toResendMergeTagsInHtml(rendered.html),
    text: toResendMergeTags(rendered.text),
  };
}

const hashOf = (content: BroadcastContent) => createHash('sha256').update(JSON.stringify(content)).digest('base64url');

export async function runBroadcast(options: BroadcastOptions): Promise<BroadcastResult> {
  const { db, resend, limits, log = () => {} } = options;
  if (options.schedule !== undefined && !options.send) throw new DispatchError('--schedule needs --send', { hint: 'add --send to schedule the broadcast, or leave --schedule out to create a draft' });
  const scheduledAt = options.schedule === undefined ? undefined : checkSchedule(options.schedule);
  const issue = loadIssue(options.issueFile, { brandPath: options.brandPath });
  const campaign = campaignIdFor(options.campaign, issue.slug);
  if (options.preflight) await options.preflight(issue);
  const content = await broadcastContent(issue, campaign);
  const contentHash = hashOf(content);

  const segmentId = await segmentIdFor(db, resend, options.segment, limits);
  if (!segmentId) throw new DispatchError(`there is no segment "${options.segment}"`, { hint: `sync one first: dispatch audience sync <subscribers.csv> --segment ${options.segment}` });

  const read = () => findRecordedBroadcast(db, campaign);
  const setState = (state: BroadcastState, fields: BroadcastUpdate = {}) => setBroadcastState(db, campaign, state, fields);

  let row = read();
  if (row && row.segment_id !== segmentId) {
    throw new DispatchError(`campaign ${campaign} already has a broadcast to another segment`, { hint: 'use --campaign <new id> for a broadcast to another segment' });
  }
  let action: BroadcastResult['action'] = 'nothing (draft unchanged)';

  if (!row || row.state === 'creating') {
    if (!row) insertBroadcast(db, { campaign, name: content.name, segmentId, contentHash });
    const adopted = row ? await findBroadcast(resend, content.name, segmentId, limits) : undefined;
    const created = once((signal) => resend.broadcasts.create({ ...content, segmentId }, { signal }), async () => idOf(await findBroadcast(resend, content.name, segmentId, limits)));
    const id = adopted ?? (await resendCall('creating the broadcast', created, limits)).id;
    setState('draft', { broadcast_id: id, content_hash: contentHash });
    log(`broadcast ${id} ${adopted ? 'found (created by an interrupted run)' : 'created as a draft'}`);
    action = 'created draft';
    row = read()!;
  } else if (row.state === 'draft' && row.content_hash !== contentHash) {
    await resendCall('updating the draft', (signal) => resend.broadcasts.update(row!.broadcast_id!, { ...content, segmentId }, { signal }), limits);
    setState('draft', { content_hash: contentHash });
    log(`draft ${row.broadcast_id} updated with the issue's current content`);
    action = 'updated draft';
  }
  const id = row.broadcast_id!;

  if (row.state === 'sent' || row.state === 'scheduled') return { campaign, broadcastId: id, state: row.state, action: 'nothing (already done)' };
  if (!options.send) return { campaign, broadcastId: id, state: 'draft', action };

  if (row.state === 'sending') {
    // Killed around the send call: ask Resend whether it went out.
    const current = await resendCall('reading the broadcast', (signal) => resend.broadcasts.get(id, { signal }), limits);
    if (current.status !== 'draft') {
      const state = current.scheduled_at && !current.sent_at ? 'scheduled' : 'sent';
      setState(state);
      return { campaign, broadcastId: id, state, action: 'nothing (already done)' };
    }
  }
  setState('sending', { scheduled_at: scheduledAt ?? null });
  // After an answer that may have been lost, a broadcast that is no longer a draft went out: it is not sent again.
  const wentOut = async () => ((await resendCall('reading the broadcast', (signal) => resend.broadcasts.get(id, { signal }), limits)).status === 'draft' ? undefined : { id });
  await resendCall('sending the broadcast', once((signal) => resend.broadcasts.send(id, scheduledAt ? { scheduledAt } : {}, { signal }), wentOut), limits);
  const state = scheduledAt ? 'scheduled' : 'sent';
  setState(state);
  return { campaign, broadcastId: id, state, action: state };
}

const idOf = (id: string | undefined) => (id === undefined ? undefined : { id });

const findBroadcast = (resend: Resend, name: string, segmentId: string, limits?: CallLimits) =>
  findInList<{ id: string; name?: string; segment_id?: string | null }>(
    'listing broadcasts',
    (page, signal) => resend.broadcasts.list(page, { signal }) as Promise<SdkResponse<unknown>>,
    (broadcast) => broadcast.name === name && broadcast.segment_id === segmentId,
    limits,
  );
