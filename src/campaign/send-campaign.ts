/**
 * The send command's work, in the order data flows:
 *   check options → load the issue → render once → read the audience into the
 *   campaign record → preflight → deliver in batches → report.
 * Three modes share it: a campaign send (resumable, recorded), a dry run
 * (everything but delivery, against a throwaway record) and a test send
 * (`--test-to`, no record at all).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultBrandPath, loadIssue, type LoadedIssue } from '../content/load.ts';
import { DispatchError, errorCode, EXIT, fileError } from '../errors/errors.ts';
import { redactor } from '../errors/redact.ts';
import { renderIssue, type RenderedIssue } from '../render/render-issue.ts';
import { compileMessage, type CompiledMessage, type OutgoingEmail } from '../personalise/personalise.ts';
import { createMessageEncoder, type MessageEncoder } from '../personalise/message-encoder.ts';
import { BodyPool } from '../personalise/body-pool.ts';
import { contentFingerprint } from '../deliver/idempotency.ts';
import { clearOutbox, createOutboxTransport } from '../deliver/outbox.ts';
import type { Transport } from '../deliver/transport.ts';
import { openDb, openRecordIfAny, resolveDbPath } from '../store/db.ts';
import { CampaignStore, LOCK_HEARTBEAT_MS, lockOwner, type CampaignRecord, type TransportName } from '../store/campaign-store.ts';
import { campaignIdFor, checkSchedule, tuningFromEnv, type Tuning } from '../deliver/send-settings.ts';
import { parseTestTo, testOutboxFolder, transportConfig, type TransportConfig } from './config.ts';
import { deliverBatches, rebuildInDoubt, type LoopContext, type LoopResult } from './deliver-batches.ts';
import { importAudience, type ImportSummary } from './import.ts';
import { gate, reached } from './moments.ts';
import { preflightGate } from '../preflight/send-gate.ts';
import { consoleOutput, createProgress, formatDuration, type Output } from './progress.ts';
import { plural, reportPath, skippedBreakdown, skippedLine, summaryLines, unconsentedLines, writeReport, type CampaignReport, type Outcome } from './send-report.ts';
import { fieldsFromAudience, sendTest, TEST_SUBJECT_PREFIX } from './test-send.ts';
import { healthGuard } from '../results/health.ts';
import { resultsSettings } from '../results/settings.ts';

/** Resend's default team limit, for estimates before any send has told us the real one. */
export const DEFAULT_RATE_LIMIT = 2;
const RATE_LIMIT_META = 'resend.ratelimit_limit';

export type SendOptions = Readonly<{
  issueFile: string;
  /** Brand file. Default: beside the issue's folder, else `content/brand.yaml` (see loadIssue). */
  brandPath?: string;
  /** Required except with `testTo`. */
  audienceFile?: string;
  suppressFiles?: readonly string[];
  /** Default: the issue file's name. */
  campaign?: string;
  dryRun?: boolean;
  /** `--test-to` values (comma-separated lists allowed). */
  testTo?: readonly string[];
  /** `--schedule`: ISO 8601 with a time zone. */
  schedule?: string;
  /** Skip the confirmation prompt. */
  yes?: boolean;
  /** `--db`; default DISPATCH_DB, else `.dispatch/dispatch.db`. */
  dbPath?: string;
  /** Root of the outbox. Default `outbox`. */
  outboxDir?: string;
  env?: NodeJS.ProcessEnv;
  output?: Output;
  verbose?: boolean;
  /** Abort to stop after the batches in flight (Ctrl-C). */
  signal?: AbortSignal;
  /** Send on although the campaign's health guard tripped (brand.yaml results.health). */
  acceptHealth?: boolean;
  /** Asks before a real send; omit when there is nobody to ask (no terminal). */
  confirm?: (question: string) => Promise<boolean>;
  /** A transport to use instead of the one the environment selects (tests, benchmarks). */
  transport?: Transport;
  /** Overrides of DISPATCH_* tuning variables. */
  tuning?: Tuning;
}>;

export type Plan = Readonly<{
  campaign: string;
  transport: TransportName;
  rows: number;
  recipients: number;
  skipped: ImportSummary['skipped'];
  alreadySent: number;
  toSend: number;
  batches: number;
  rateLimit: number | null;
  estimatedSeconds: number;
}>;

export type SendResult = Readonly<{
  exitCode: number;
  mode: 'campaign' | 'dry-run' | 'test';
  report?: CampaignReport;
  plan?: Plan;
  /** Delivered in this run. */
  sent: number;
}>;

type Prepared = Readonly<{
  options: SendOptions;
  env: NodeJS.ProcessEnv;
  out: Output;
  config: TransportConfig;
  tuning: Tuning;
  redact: (text: string) => string;
  issue: LoadedIssue;
  rendered: RenderedIssue;
  campaignId: string;
  scheduledAt?: string;
  message: CompiledMessage;
  contentHash: string;
  outboxRoot: string;
}>;


/** Runs the send command. Throws DispatchError for refusals (exit 2, nothing sent); otherwise resolves with the exit code. */
export async function sendCampaign(options: SendOptions): Promise<SendResult> {
  const env = options.env ?? process.env;
  const out = options.output ?? consoleOutput();
  const config = transportConfig(env);
  const tuning = { ...tuningFromEnv(env), ...options.tuning };
  const redact = redactor([config.kind === 'resend' ? config.apiKey : undefined, config.developmentSecret ? undefined : config.secret], env);
  const testTo = options.testTo && options.testTo.length > 0 ? parseTestTo(options.testTo) : undefined;
  if (testTo && options.dryRun) throw new DispatchError('--dry-run and --test-to cannot be combined', { hint: 'a test send already goes only to the --test-to addresses' });
  if (!testTo && !options.audienceFile) {
    throw new DispatchError('--audience is required', { hint: 'name the subscribers CSV: --audience content/audiences/<file>.csv (or send a test with --test-to)' });
  }
  const scheduledAt = options.schedule ? checkSchedule(options.schedule) : undefined;
  const brandPath = options.brandPath ?? defaultBrandPath(options.issueFile);
  const issue = loadIssue(options.issueFile, { brandPath });
  const campaignId = campaignIdFor(options.campaign, issue.slug);
  if (config.developmentSecret) {
    out.warn('warning: UNSUBSCRIBE_SECRET is not set: unsubscribe links are signed with a development secret (fine for the outbox; set it before sending for real)');
  }
  if (scheduledAt && config.kind === 'outbox') out.warn(`note: the outbox ignores --schedule (Resend would send at ${scheduledAt})`);

  const rendered = await renderIssue(issue);
  const subjectPrefix = testTo ? TEST_SUBJECT_PREFIX : '';
  const message = compileMessage(rendered, issue.brand, { campaignId, issueSlug: issue.slug, secret: config.secret, subjectPrefix });
  const contentHash = contentFingerprint({
    html: rendered.html,
    text: rendered.text,
    subject: `${subjectPrefix}${rendered.subject}`,
    from: issue.brand.from,
    replyTo: issue.brand.replyTo,
    unsubscribeUrl: issue.brand.unsubscribe.url,
    unsubscribeMailto: issue.brand.unsubscribe.mailto,
    campaign: campaignId,
    issue: issue.slug,
  });
  const prepared: Prepared = {
    options,
    env,
    out,
    config,
    tuning,
    redact,
    issue,
    rendered,
    campaignId,
    ...(scheduledAt ? { scheduledAt } : {}),
    message,
    contentHash,
    outboxRoot: options.outboxDir ?? 'outbox',
  };
  if (testTo) return runTestSend(prepared, testTo);
  if (options.dryRun) return runDryRun(prepared);
  return runCampaign(prepared);
}

/** For the API, batch bodies are written into buffers reused once it has accepted them (one per batch under way, one being written). */
function encoderFor(p: Prepared, transport: Transport): MessageEncoder {
  return createMessageEncoder(p.message, p.config.kind === 'resend' ? { pool: new BodyPool((transport.maxPending ?? transport.maxInFlight) + 1) } : {});
}

async function makeTransport(p: Prepared, folder: string, rateLimit: number | null = null): Promise<Transport> {
  if (p.options.transport) return p.options.transport;
  if (p.config.kind === 'outbox') return createOutboxTransport({ dir: path.join(p.outboxRoot, folder), campaignId: p.campaignId });
  // The SDK is loaded only when it is used (an outbox rehearsal never needs it).
  const { createResendTransport } = await import('../deliver/resend-batch.ts');
  return createResendTransport({
    apiKey: p.config.apiKey,
    ...(p.config.baseUrl ? { baseUrl: p.config.baseUrl } : {}),
    ...p.tuning,
    rateLimit,
  });
}

const describeTransport = (p: Prepared, folder: string) =>
  p.config.kind === 'outbox' ? `the outbox (${path.join(p.outboxRoot, folder)}${path.sep})` : `Resend${p.config.baseUrl ? ` at ${p.config.baseUrl}` : ''}`;

/** The one preflight gate, on the message built for the first recipient (a test send's "[TEST] " prefix aside: the checks judge the campaign's subject). */
async function preflight(p: Prepared, sample: OutgoingEmail, fields: Readonly<Record<string, string>>): Promise<void> {
  const email = p.options.testTo?.length && sample.subject.startsWith(TEST_SUBJECT_PREFIX) ? { ...sample, subject: sample.subject.slice(TEST_SUBJECT_PREFIX.length) } : sample;
  const warnings = await preflightGate({ issue: p.issue, env: p.env, message: { rendered: p.rendered, recipient: { email: sample.to, fields }, email } });
  for (const w of warnings) p.out.warn(`warning: ${w.message}`);
}

function printImport(p: Prepared, summary: ImportSummary): void {
  const file = p.options.audienceFile!;
  const skipped = summary.rows - summary.admitted;
  p.out.info(`Audience ${file}: ${plural(summary.rows, 'row')}, ${plural(summary.admitted, 'recipient')}, ${skipped} skipped${skippedBreakdown(summary.skipped)}`);
  for (const row of summary.firstSkipped) p.out.info(skippedLine(file, row));
  if (skipped > summary.firstSkipped.length) p.out.info(`  … and ${skipped - summary.firstSkipped.length} more (all listed in the report)`);
  for (const line of unconsentedLines(file, summary)) p.out.info(line);
}

function refuseEmpty(p: Prepared, summary: ImportSummary): never {
  throw new DispatchError(`${p.options.audienceFile}: no one to send to after filtering (${plural(summary.rows, 'row')}, all skipped${skippedBreakdown(summary.skipped)})`, {
    hint: 'check the audience file and the --suppress files',
  });
}

// ── test send ────────────────────────────────────────────────────────────

async function runTestSend(p: Prepared, addresses: readonly string[]): Promise<SendResult> {
  const folder = testOutboxFolder(p.campaignId);
  if (p.config.kind === 'outbox' && !p.options.transport) clearOutbox(path.join(p.outboxRoot, folder));
  const transport = await makeTransport(p, folder);
  const fields = await fieldsFromAudience(p.options.audienceFile, addresses);
  const sample = p.message.email(p.message.plan({ email: addresses[0]!, fields: fields.get(addresses[0]!) ?? {} }));
  await preflight(p, sample, fields.get(addresses[0]!) ?? {});
  p.out.info(`Test of "${TEST_SUBJECT_PREFIX}${p.rendered.subject}" to ${addresses.join(', ')} through ${describeTransport(p, folder)} (not part of campaign ${p.campaignId})`);
  const result = await sendTest(transport, p.message, createMessageEncoder(p.message), addresses, fields, p.scheduledAt);
  if (result.ok) {
    p.out.info(`Test sent: ${plural(addresses.length, 'email')}.`);
    return { exitCode: EXIT.ok, mode: 'test', sent: addresses.length };
  }
  throw new DispatchError(`the test was not sent: the API answered ${result.status ?? 'nothing'} ${result.name}: ${p.redact(result.message)}`, {
    hint: result.hint,
    exitCode: result.kind === 'in-doubt' || result.kind === 'conflict' ? EXIT.failed : EXIT.usage,
  });
}

// ── dry run ──────────────────────────────────────────────────────────────

async function runDryRun(p: Prepared): Promise<SendResult> {
  const dbPath = resolveDbPath(p.options.dbPath, p.env);
  const scratch = mkdtempSync(path.join(tmpdir(), 'dispatch-plan-'));
  const store = new CampaignStore(openDb(path.join(scratch, 'plan.db')));
  // The real record, read-only: its suppression list and consent filter the plan.
  const live = openRecordIfAny(dbPath);
  try {
    const campaign = store.ensureCampaign(campaignInput(p));
    const run = store.beginRun(campaign.pk);
    const summary = await importAudience(store, campaign.pk, run, { audience: p.options.audienceFile!, suppress: p.options.suppressFiles ?? [], consent: p.issue.brand.consent, record: live });
    printImport(p, summary);
    if (summary.admitted === 0) refuseEmpty(p, summary);

    // What the real record says: who already has it, and the last rate limit an answer named.
    let alreadySent = 0;
    let rateLimit: number | null = null;
    if (live) {
      const record = new CampaignStore(live);
      try {
        const earlier = record.findCampaign(p.campaignId, p.config.kind);
        if (earlier) alreadySent = record.sentAmong(earlier.pk, store.recipientEmails(campaign.pk));
        const limit = record.getMeta(RATE_LIMIT_META);
        rateLimit = limit ? Number(limit) || null : null;
      } finally {
        record.close();
      }
    }
    const toSend = summary.admitted - alreadySent;
    const batches = Math.ceil(toSend / 100);
    const limit = p.config.kind === 'resend' ? (rateLimit ?? DEFAULT_RATE_LIMIT) : null;
    const estimatedSeconds = limit ? Math.max(0, batches - limit) / limit + (batches > 0 ? 0.5 : 0) : toSend * 0.002;

    const sample = sampleOf(p, store, campaign.pk, run);
    if (sample) await preflight(p, sample.email, sample.fields);

    const folder = p.campaignId;
    p.out.info(`Plan for campaign ${p.campaignId} (dry run: nothing is sent)`);
    p.out.info(`  issue:     ${p.options.issueFile}  "${p.rendered.subject}"`);
    p.out.info(`  through:   ${describeTransport(p, folder)}${p.scheduledAt ? `, scheduled for ${p.scheduledAt}` : ''}`);
    p.out.info(`  audience:  ${plural(summary.admitted, 'recipient')} (${summary.rows} rows, ${summary.rows - summary.admitted} skipped${skippedBreakdown(summary.skipped)})`);
    if (alreadySent > 0) p.out.info(`  already:   ${plural(alreadySent, 'recipient')} got it in an earlier run`);
    p.out.info(`  to send:   ${plural(toSend, 'email')} in ${plural(batches, 'batch', 'batches')} of up to 100`);
    p.out.info(
      limit
        ? `  estimate:  about ${formatDuration(estimatedSeconds)} at ${limit} requests/s (${rateLimit ? 'the limit Resend last reported' : "Resend's default team limit; a real send learns yours"})`
        : `  estimate:  about ${formatDuration(estimatedSeconds)} (writing files)`,
    );
    return {
      exitCode: EXIT.ok,
      mode: 'dry-run',
      sent: 0,
      plan: {
        campaign: p.campaignId,
        transport: p.config.kind,
        rows: summary.rows,
        recipients: summary.admitted,
        skipped: summary.skipped,
        alreadySent,
        toSend,
        batches,
        rateLimit: limit,
        estimatedSeconds,
      },
    };
  } finally {
    store.close();
    if (live?.open) live.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ── campaign send ────────────────────────────────────────────────────────

function campaignInput(p: Prepared) {
  return {
    id: p.campaignId,
    transport: p.config.kind,
    issueSlug: p.issue.slug,
    issueFile: p.options.issueFile,
    subject: p.rendered.subject,
    contentHash: p.contentHash,
    scheduledAt: p.scheduledAt ?? null,
  };
}

/** The issue (or schedule) changed since the campaign began. */
function handleContentChange(p: Prepared, store: CampaignStore, campaign: CampaignRecord): void {
  if (campaign.contentHash === p.contentHash && campaign.scheduledAt === (p.scheduledAt ?? null)) return;
  const counts = store.recipientCounts(campaign.pk);
  if (p.config.kind === 'outbox') {
    // A rehearsal: nothing real was sent, so the outbox simply shows the current issue.
    if (counts.total > 0) p.out.warn(`note: the issue changed since the last outbox run of ${p.campaignId}: writing every message again`);
    store.resetCampaign(campaign.pk);
    if (!p.options.transport) clearOutbox(path.join(p.outboxRoot, p.campaignId));
  } else if (counts.sent > 0) {
    p.out.warn(`warning: the issue changed since campaign ${p.campaignId} began: ${plural(counts.sent, 'recipient')} got the earlier version; the rest get this one (use --campaign <new id> to send this version to everyone)`);
  }
  store.updateContent(campaign.pk, { issueFile: p.options.issueFile, subject: p.rendered.subject, contentHash: p.contentHash, scheduledAt: p.scheduledAt ?? null });
}

async function runCampaign(p: Prepared): Promise<SendResult> {
  const startedAt = new Date();
  const dbPath = resolveDbPath(p.options.dbPath, p.env);
  // The outbox folder is checked before the record is touched.
  const transport = await makeTransport(p, p.campaignId, null);
  gate();
  const store = new CampaignStore(openDb(dbPath));
  const token = randomUUID();
  let campaign: CampaignRecord | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let run = 0;
  let outcome: Outcome | 'refused' = 'refused';
  let toSend = 0;
  let loop: LoopResult | undefined;
  try {
    campaign = store.ensureCampaign(campaignInput(p));
    const lock = store.acquireLock(campaign.pk, lockOwner(token));
    if (!lock.ok) {
      throw new DispatchError(`campaign ${p.campaignId} is being sent right now by another run (process ${lock.holder.pid} on ${lock.holder.host}); nothing was sent`, {
        hint: 'wait for that run to finish; if it is gone, run again in two minutes',
      });
    }
    heartbeat = setInterval(() => {
      try {
        store.heartbeat(campaign!.pk, token);
      } catch {
        // A full disk must not crash the run from a timer: the failing write that matters surfaces in the run itself.
      }
    }, LOCK_HEARTBEAT_MS);
    heartbeat.unref();
    handleContentChange(p, store, campaign);
    run = store.beginRun(campaign.pk);

    const summary = await importAudience(store, campaign.pk, run, { audience: p.options.audienceFile!, suppress: p.options.suppressFiles ?? [], consent: p.issue.brand.consent });
    printImport(p, summary);
    const strict = p.config.kind === 'resend';
    // Bounces and complaints serve records for this campaign stop it past Resend's account-health limits.
    const guard = strict && !p.options.acceptHealth ? healthGuard(store.db, p.campaignId, resultsSettings(p.issue.brand), p.options.signal) : null;
    guard?.check();
    const tripped = guard?.tripped();
    if (tripped) throw new DispatchError(`campaign ${p.campaignId} was stopped by its health guard: ${tripped.reason}; nothing more was sent`, { hint: 'look at dispatch report and the audience; run again with --accept-health to send to the rest anyway', exitCode: EXIT.failed });
    const notes: string[] = [];
    const loopContext: LoopContext = {
      store,
      campaignPk: campaign.pk,
      campaignId: p.campaignId,
      run,
      transport,
      message: p.message,
      encoder: encoderFor(p, transport),
      contentHash: p.contentHash,
      ...(p.scheduledAt ? { scheduledAt: p.scheduledAt } : {}),
      ...(guard ? { signal: guard.signal } : p.options.signal ? { signal: p.options.signal } : {}),
      redact: p.redact,
      onNote: (line) => notes.push(line),
    };
    const inDoubt = rebuildInDoubt(loopContext, strict);
    for (const note of notes.splice(0)) p.out.warn(note);
    if (summary.admitted === 0 && inDoubt.length === 0) refuseEmpty(p, summary);

    const inDoubtRecipients = inDoubt.reduce((n, work) => n + work.recipients.length, 0);
    toSend = store.pendingCount(campaign.pk, run) + inDoubtRecipients;
    if (toSend === 0) {
      const counts = store.runRecipientCounts(campaign.pk, run);
      p.out.info(
        `Nothing to send: all ${plural(counts.sent, 'recipient')} in this audience already got campaign ${p.campaignId}` +
          `${p.config.kind === 'outbox' ? ` (${path.join(p.outboxRoot, p.campaignId)}${path.sep})` : ''}. To send it again, pass --campaign <new id>.`,
      );
    } else {
      const firstPlan = inDoubt[0]?.plans[0];
      const first = firstPlan ? { email: p.message.email(firstPlan), fields: firstPlan.fields } : sampleOf(p, store, campaign.pk, run);
      if (first) await preflight(p, first.email, first.fields);
      if (p.config.kind === 'resend' && !p.options.yes && p.options.confirm) {
        const ok = await p.options.confirm(`Send "${p.rendered.subject}" to ${plural(toSend, 'recipient')} through Resend (campaign ${p.campaignId})? [y/N] `);
        if (!ok) throw new DispatchError('cancelled; nothing was sent', { hint: 'run again and answer y, or pass --yes' });
      }
      if (inDoubtRecipients > 0) p.out.info(`Resuming: ${plural(inDoubt.length, 'batch', 'batches')} (${inDoubtRecipients} recipients) sent earlier without an answer go again with the same Idempotency-Key`);
      p.out.info(`Sending "${p.rendered.subject}" to ${plural(toSend, 'recipient')} through ${describeTransport(p, p.campaignId)}${p.scheduledAt ? `, scheduled for ${p.scheduledAt}` : ''}`);
    }

    const progress = toSend > 0 ? createProgress(p.out, { total: toSend, label: p.config.kind === 'outbox' ? 'writing' : 'sending' }) : undefined;
    loop =
      toSend > 0
        ? await deliverBatches({ ...loopContext, onProgress: (n) => (progress?.update(n), guard?.check()), onNote: p.options.verbose ? (line) => progress?.log(line) : undefined }, inDoubt).finally(() => progress?.stop())
        : { sentThisRun: 0, stoppedBy: null, interrupted: false, attempted: 0, accepted: 0, inDoubt: 0 };
    if ('error' in loop) throw loop.error;

    const limit = loopContext.transport.knownRateLimit();
    if (limit && p.config.kind === 'resend') store.setMeta(RATE_LIMIT_META, String(limit));

    const all = store.recipientCounts(campaign.pk);
    const mine = store.runRecipientCounts(campaign.pk, run);
    // Batches built but stopped before their request (Ctrl-C) are as good as never batched: not attempted, not in doubt.
    const notAttempted = store.notAttemptedCount(campaign.pk);
    const pending = store.pendingCount(campaign.pk, run) + notAttempted;
    const batches = store.batchCounts(campaign.pk);
    const stop = loop.stoppedBy;
    outcome = stop ? (stop.kind === 'in-doubt' ? 'incomplete' : 'stopped') : loop.interrupted ? 'interrupted' : mine.failed + all.queued + pending > 0 ? 'incomplete' : 'complete';
    store.markCompleted(campaign.pk, outcome === 'complete');
    const finishedAt = new Date();
    const report: CampaignReport = {
      campaign: p.campaignId,
      transport: p.config.kind,
      issue: { file: p.options.issueFile, slug: p.issue.slug, subject: p.rendered.subject },
      run,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      outcome,
      scheduledAt: p.scheduledAt ?? null,
      audience: { file: p.options.audienceFile!, rows: summary.rows, recipients: summary.admitted },
      counts: {
        sent: all.sent,
        sentThisRun: loop.sentThisRun,
        alreadySent: Math.max(0, mine.sent - loop.sentThisRun),
        skipped: summary.skipped,
        skippedTotal: summary.rows - summary.admitted,
        failed: mine.failed,
        inDoubt: all.queued - notAttempted,
        pending,
      },
      batches: { confirmed: batches.confirmed, inDoubt: batches.sent, failed: batches.failed, attempts: batches.attempts },
      rateLimit: limit,
      stoppedBy: stop ? { status: stop.status, name: stop.name, message: stop.message, hint: stop.hint } : null,
      outbox: p.config.kind === 'outbox' ? path.join(p.outboxRoot, p.campaignId) : null,
      reportFile: reportPath(dbPath, p.campaignId, p.config.kind),
    };
    writeReport(report, store, campaign.pk);
    reached('report-written');
    for (const line of summaryLines(report)) (outcome === 'complete' ? p.out.info : p.out.warn)(line);
    const stoppedByHealth = guard?.tripped();
    if (stoppedByHealth) p.out.warn(`Stopped by the health guard: ${stoppedByHealth.reason}. Run again with --accept-health to send to the rest anyway (nobody who has it gets it twice).`);
    else if (outcome === 'interrupted') p.out.warn('Run the same command again to finish: nobody who has it gets it twice.');
    // A batch in doubt may have been delivered: only a run where nothing was accepted or left in doubt sent nothing.
    const nothingSent = loop.accepted === 0 && loop.inDoubt === 0;
    const exitCode = outcome === 'complete' ? EXIT.ok : stop && nothingSent && (stop.kind === 'auth' || stop.kind === 'refused' || stop.kind === 'local') ? EXIT.usage : EXIT.failed;
    return { exitCode, mode: 'campaign', report, sent: loop.sentThisRun };
  } catch (error) {
    // SQLite's errors carry no path: they are the record's.
    const described = error instanceof DispatchError ? error : (fileError(error, errorCode(error)?.startsWith('SQLITE_') ? dbPath : undefined) ?? error);
    throw loop && loop.attempted > 0 ? partlySent(p, described, loop, toSend) : described;
  } finally {
    if (heartbeat) clearInterval(heartbeat);
    if (campaign) {
      try {
        if (run > 0) store.finishRun(campaign.pk, run, outcome);
        store.releaseLock(campaign.pk, token);
      } catch {
        // The record cannot be written (a full disk): the next run takes the lock over, this process being gone.
      }
      reached('lock-released');
    }
    store.close();
  }
}

/**
 * A failure once requests went out: exit 1, with what went out and how to finish, never exit 2 ("nothing was
 * sent" would be false, and a script that believed it and retried under a new --campaign would send everyone a
 * second copy). The batches without an answer stay in the record and go again with the same key.
 */
function partlySent(p: Prepared, error: unknown, loop: LoopResult, toSend: number): DispatchError {
  const known = error instanceof DispatchError;
  const message = known ? error.message : error instanceof Error ? error.message : String(error);
  const fix = known ? error.hint : 'run again with --verbose for details, and report it if it persists';
  const verb = p.config.kind === 'outbox' ? 'written to the outbox' : 'accepted by Resend';
  return new DispatchError(`${message}; ${loop.accepted.toLocaleString('en')} of ${plural(toSend, 'email')} ${verb}, ${loop.inDoubt.toLocaleString('en')} in doubt`, {
    hint: `${fix ? `${fix}; ` : ''}nothing is lost: run the same command again (same --campaign) to finish; nobody gets a second copy`,
    exitCode: EXIT.failed,
    cause: error,
  });
}

function sampleOf(p: Prepared, store: CampaignStore, campaignPk: number, run: number): { email: OutgoingEmail; fields: Readonly<Record<string, string>> } | undefined {
  const first = store.nextRecipients(campaignPk, run, 0, 1)[0];
  return first ? { email: p.message.email(p.message.plan({ email: first.email, fields: first.fields })), fields: first.fields } : undefined;
}
