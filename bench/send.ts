/**
 * 3. Send and 4. Memory: the whole send pipeline (audience parsing,
 * suppression, personalisation, batching, the SQLite campaign record, HTTP)
 * as a process of its own, `dispatch send` (src/cli/dispatch.ts) against the local Resend stand-in
 * (another process, as Resend is another machine).
 *
 * Throughput is counted over the delivery: from the command's "Sending …" line
 * (audience read, preflight done) to its "Done: …" line, emails delivered per
 * second. The whole command's wall time is kept too.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeAudience, type AudienceFiles } from './audience.ts';
import { BENCH_SECRET, ROOT, SAMPLE_ISSUE, type BenchContext } from './context.ts';
import { stats } from './harness.ts';
import { runNodeScript, startStandIn, type ProcessRun, type StandIn } from './processes.ts';
import { notMeasured, row, type MeasurementResult, type Row } from './report.ts';

const SEND = '3 send';
const MEMORY = '4 memory';
export const RATE = 10;
export const BATCH = 100;
export const TARGET_SHARE = 0.95;
export const TARGET_UNLIMITED = 2_000;
export const TARGET_RSS_MB = 300;
const MB = 1024 * 1024;

/** The command-line program; its subcommand is the first argument. */
const CLI = 'src/cli/dispatch.ts';
const PREFLIGHT_CONTENDER = 'Preflight with every tool (`npm run check`; send runs it in a process of its own before delivering), peak RSS';
export const NOT_AVAILABLE = 'not measured: send pipeline not yet available';

/** The pipeline is there when the send command and its orchestration are. */
export const sendPipelineAvailable = () => existsSync(path.join(ROOT, CLI)) && existsSync(path.join(ROOT, 'src/campaign/send-campaign.ts'));

type CampaignRun = Readonly<{
  delivered: number;
  deliveryMs: number;
  wallMs: number;
  emailsPerSecond: number;
  maxRssBytes: number | null;
  /** CPU the send process used per email while delivering ("Sending" to "Done"), and over the whole command; the stand-in's during the run. */
  senderCpuUsPerEmail: number | null;
  senderWholeCpuUsPerEmail: number | null;
  standInCpuUsPerEmail: number | null;
  /** From the campaign report: batches confirmed and requests made (retries after 429s and errors show here), the rate limit learnt. */
  report: Readonly<{ batches: unknown; rateLimit: unknown; durationMs: unknown }> | null;
}>;

/** The parts of the send command's report that explain a run. */
function readReport(file: string): CampaignRun['report'] {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return { batches: report.batches, rateLimit: report.rateLimit, durationMs: report.durationMs };
  } catch {
    return null;
  }
}

const DONE = /^Done: ([\d,]+) emails? sent/;

/** One campaign through the send command into a fresh campaign record; throws unless every deliverable recipient got it. */
async function sendCampaignProcess(ctx: BenchContext, standIn: StandIn, files: AudienceFiles, work: string, name: string): Promise<CampaignRun> {
  const db = path.join(work, `${name}.db`);
  const standInCpuBefore = standIn.cpuMs();
  const run: ProcessRun = await runNodeScript(CLI, ['send', SAMPLE_ISSUE, '--audience', files.audience, '--suppress', files.suppress, '--campaign', `bench-${name}`, '--yes', '--db', db], {
    RESEND_API_KEY: standIn.apiKey,
    RESEND_BASE_URL: standIn.url,
    UNSUBSCRIBE_SECRET: BENCH_SECRET,
    // The smoke run skips the preflight's external tools (Chromium, Java, SpamAssassin: seconds each).
    ...(ctx.quick ? { DISPATCH_PREFLIGHT_TOOLS: 'none' } : {}),
  });
  const sending = run.lines.find((l) => l.line.startsWith('Sending '));
  const done = run.lines.find((l) => DONE.test(l.line));
  const delivered = done ? Number(DONE.exec(done.line)![1]!.replace(/,/g, '')) : 0;
  if (run.code !== 0 || !sending || !done || delivered !== files.deliverable) {
    const output = [...run.lines.map((l) => l.line), run.stderr].join('\n').slice(-2000);
    throw new Error(`send ${name}: exit ${run.code}, ${delivered} of ${files.deliverable} delivered\n${output}`);
  }
  const deliveryMs = done.atMs - sending.atMs;
  const report = readReport(path.join(work, `bench-${name}.resend.report.json`));
  const standInCpuAfter = standIn.cpuMs();
  const perEmail = (ms: number | null) => (ms === null ? null : (ms * 1000) / delivered);
  return {
    delivered,
    deliveryMs,
    wallMs: run.wallMs,
    emailsPerSecond: delivered / (deliveryMs / 1000),
    maxRssBytes: run.maxRssBytes,
    senderCpuUsPerEmail: perEmail(done.cpuMs === null || sending.cpuMs === null ? null : done.cpuMs - sending.cpuMs),
    senderWholeCpuUsPerEmail: perEmail(run.cpuMs),
    standInCpuUsPerEmail: perEmail(standInCpuBefore === null || standInCpuAfter === null ? null : standInCpuAfter - standInCpuBefore),
    report,
  };
}

export async function measureSend(ctx: BenchContext): Promise<MeasurementResult> {
  if (!sendPipelineAvailable()) {
    return {
      rows: [
        notMeasured({ id: 'send.limited', measurement: SEND, contender: `Stand-in at ${RATE} requests/s`, unit: 'emails/s', target: `≥ ${TARGET_SHARE * RATE * BATCH} emails/s`, note: NOT_AVAILABLE }),
        notMeasured({ id: 'send.unlimited', measurement: SEND, contender: 'Stand-in without a limit', unit: 'emails/s', target: `≥ ${TARGET_UNLIMITED} emails/s`, note: NOT_AVAILABLE }),
        notMeasured({ id: 'memory.peak', measurement: MEMORY, contender: '1,000,000-row audience, peak RSS', unit: 'MB', target: `≤ ${TARGET_RSS_MB} MB`, note: NOT_AVAILABLE }),
        notMeasured({ id: 'memory.time', measurement: MEMORY, contender: '1,000,000-row audience, time', unit: 's', note: NOT_AVAILABLE }),
      ],
    };
  }
  const recipients = ctx.quick ? 300 : 20_000;
  const memoryRecipients = ctx.quick ? recipients : 1_000_000;
  const runs = ctx.quick ? 1 : 3;
  const work = mkdtempSync(path.join(tmpdir(), 'dispatch-bench-send-'));
  const standIns: StandIn[] = [];
  try {
    const files = await writeAudience(path.join(work, 'audience.csv'), path.join(work, 'suppress.csv'), recipients);
    const [limited, unlimited] = await Promise.all([startStandIn(RATE), startStandIn(null)]);
    standIns.push(limited!, unlimited!);

    // (a) and (b), alternating, each into a fresh campaign record.
    const limitedRuns: CampaignRun[] = [];
    const unlimitedRuns: CampaignRun[] = [];
    for (let i = 0; i < runs; i++) {
      ctx.log(`send: ${files.deliverable.toLocaleString('en-US')} emails at ${RATE} requests/s, run ${i + 1} of ${runs}`);
      const order = i % 2 === 0 ? (['limited', 'unlimited'] as const) : (['unlimited', 'limited'] as const);
      for (const which of order) {
        if (which === 'limited') limitedRuns.push(await sendCampaignProcess(ctx, limited!, files, work, `limited-${i}`));
        else unlimitedRuns.push(await sendCampaignProcess(ctx, unlimited!, files, work, `unlimited-${i}`));
      }
    }
    const ceiling = RATE * BATCH;
    const cpu = (runs: readonly CampaignRun[], key: 'senderCpuUsPerEmail' | 'standInCpuUsPerEmail') => {
      const values = runs.map((r) => r[key]).filter((v): v is number => v !== null);
      return values.length ? Math.round(stats(values).median).toString() : '?';
    };
    const retries = (runs: readonly CampaignRun[]) =>
      runs.reduce((n, r) => {
        const b = r.report?.batches as { confirmed?: number; attempts?: number } | undefined;
        return n + Math.max(0, (b?.attempts ?? 0) - (b?.confirmed ?? 0));
      }, 0);
    const limitedStats = stats(limitedRuns.map((r) => r.emailsPerSecond));
    const unlimitedStats = stats(unlimitedRuns.map((r) => r.emailsPerSecond));
    // Emails per second: the slowest run is the one to worry about, so p90 shows the lowest.
    const slowest = (s: ReturnType<typeof stats>) => s.min;

    // 4. A million rows through the same pipeline, no limit: peak memory and time.
    // (Quick: the unlimited run above stands in, to keep the smoke run short.)
    let big = files;
    let million = unlimitedRuns[0]!;
    if (!ctx.quick) {
      ctx.log(`memory: ${memoryRecipients.toLocaleString('en-US')}-row audience through the send command, stand-in without a limit`);
      big = await writeAudience(path.join(work, 'million.csv'), path.join(work, 'million-suppress.csv'), memoryRecipients);
      million = await sendCampaignProcess(ctx, unlimited!, big, work, 'million');
      rmSync(big.audience, { force: true });
    }
    // The send runs its preflight in a process of its own before the first batch; what that one peaks at.
    const preflight = ctx.quick ? null : await runNodeScript(CLI, ['check', SAMPLE_ISSUE], {});

    const rows: Row[] = [
      row({
        id: 'send.limited',
        measurement: SEND,
        contender: `${files.deliverable.toLocaleString('en-US')} emails, stand-in at ${RATE} requests/s`,
        unit: 'emails/s',
        median: limitedStats.median,
        p90: slowest(limitedStats),
        n: limitedStats.n,
        ratio: `${((limitedStats.median / ceiling) * 100).toFixed(1)}% of the ${ceiling.toLocaleString('en-US')}/s ceiling`,
        target: `≥ ${(TARGET_SHARE * ceiling).toLocaleString('en-US')} emails/s (95%)`,
        met: slowest(limitedStats) >= TARGET_SHARE * ceiling,
        note: `p90 column: the slowest run; ${retries(limitedRuns)} requests retried; CPU per email while delivering: send process ${cpu(limitedRuns, 'senderCpuUsPerEmail')} µs (median)`,
      }),
      row({
        id: 'send.unlimited',
        measurement: SEND,
        contender: `${files.deliverable.toLocaleString('en-US')} emails, stand-in without a limit`,
        unit: 'emails/s',
        median: unlimitedStats.median,
        p90: slowest(unlimitedStats),
        n: unlimitedStats.n,
        target: `≥ ${TARGET_UNLIMITED.toLocaleString('en-US')} emails/s`,
        met: slowest(unlimitedStats) >= TARGET_UNLIMITED,
        note: `p90 column: the slowest run; CPU per email while delivering: send process ${cpu(unlimitedRuns, 'senderCpuUsPerEmail')} µs, stand-in ${cpu(unlimitedRuns, 'standInCpuUsPerEmail')} µs (medians)`,
      }),
      row({
        id: 'memory.peak',
        measurement: MEMORY,
        contender: `${memoryRecipients.toLocaleString('en-US')}-row audience, peak RSS of the send process`,
        unit: 'MB',
        median: million.maxRssBytes === null ? null : million.maxRssBytes / MB,
        target: `≤ ${TARGET_RSS_MB} MB`,
        met: million.maxRssBytes !== null && million.maxRssBytes <= TARGET_RSS_MB * MB,
      }),
      preflight
        ? row({
            id: 'memory.preflight',
            measurement: MEMORY,
            contender: PREFLIGHT_CONTENDER,
            unit: 'MB',
            median: preflight.maxRssBytes === null ? null : preflight.maxRssBytes / MB,
            target: 'for the record',
            note: `exit ${preflight.code}; the same whatever the audience size`,
          })
        : notMeasured({ id: 'memory.preflight', measurement: MEMORY, contender: PREFLIGHT_CONTENDER, unit: 'MB', note: 'not measured in the quick run (it starts Chromium, Java and SpamAssassin)' }),
      row({
        id: 'memory.time',
        measurement: MEMORY,
        contender: `${memoryRecipients.toLocaleString('en-US')}-row audience, whole command`,
        unit: 's',
        median: million.wallMs / 1000,
        ratio: `${Math.round(million.emailsPerSecond).toLocaleString('en-US')} emails/s while delivering`,
        target: 'for the record',
      }),
    ];
    return {
      rows,
      details: {
        audience: { rows: files.rows, deliverable: files.deliverable },
        limited: { runs: limitedRuns, stats: limitedStats, ceiling },
        unlimited: { runs: unlimitedRuns, stats: unlimitedStats },
        million: { rows: big.rows, deliverable: big.deliverable, ...million },
      },
    };
  } finally {
    await Promise.all(standIns.map((s) => s.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}
