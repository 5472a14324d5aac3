/**
 * Shared machinery of the guarantee suites: recognisable secrets, throwaway
 * workspaces, the send command as a child process (killable as a process
 * group, like `kill -9` of the job) or in-process through the same error
 * path the CLI uses, and a ledger of every artifact a suite produced, so the
 * secrets can be looked for in all of them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sendCampaign, type SendOptions } from '../../src/campaign/send-campaign.ts';
import { exitCodeOf, formatError } from '../../src/errors/errors.ts';
import { checkRecord } from '../../src/store/record-invariants.ts';

export const ISSUE = 'content/issues/2024-09-23-podcast-advocacy-updates.yaml';
const TSX = path.resolve('node_modules/.bin/tsx');
const SCRIPT = path.resolve('src/cli/dispatch.ts');
const TSCONFIG = path.resolve('tsconfig.json');

/** Recognisable values, looked for in every artifact. The key and the webhook secret have the shape of real ones. */
export const API_KEY = 're_GuaranteeKey_9f8e7d6c5b4a3210';
export const UNSUBSCRIBE_SECRET = 'unsub-guarantee-secret-4c1f0e9d8b7a6';
/** Svix's form: `whsec_` and the base64 of the signing key (here 32 bytes). */
export const WEBHOOK_SECRET = `whsec_${Buffer.from('guarantee-webhook-signing-key-3e').toString('base64')}`;

/** The environment every suite starts from: nothing inherited that could change behaviour. */
export const BASE_ENV: NodeJS.ProcessEnv = {
  RESEND_API_KEY: '',
  RESEND_BASE_URL: '',
  RESEND_WEBHOOK_SECRET: '',
  UNSUBSCRIBE_SECRET: '',
  DISPATCH_DB: '',
  DISPATCH_PREFLIGHT_TOOLS: 'none',
  NO_COLOR: '1',
};

// ── the artifact ledger ─────────────────────────────────────────────────

const texts: Array<{ what: string; text: string }> = [];
const dirs = new Set<string>();

/** Remembers output (stdout, stderr, messages) for the secret scan. */
export function recordText(what: string, text: string): void {
  texts.push({ what, text });
}

/** Remembers a folder: every file under it (record, -wal, report, outbox) is scanned. */
export function recordDir(dir: string): void {
  dirs.add(dir);
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const full = path.join(dir, name);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      continue;
    }
    if (stat.isDirectory()) out.push(...filesUnder(full));
    else if (stat.isFile()) out.push(full);
  }
  return out;
}

/** Forms a secret could leak in: as is, base64, base64url, hex, URL-encoded. */
function forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [...new Set([secret, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), encodeURIComponent(secret)])];
}

export type Leak = Readonly<{ where: string; secret: 'RESEND_API_KEY' | 'UNSUBSCRIBE_SECRET' | 'RESEND_WEBHOOK_SECRET' }>;

/** Every place a secret appears in this suite's artifacts (empty when none). Returns how much was scanned too. */
export function scanForSecrets(): { leaks: Leak[]; textsScanned: number; filesScanned: number; bytesScanned: number } {
  const needles = [
    ...forms(API_KEY).map((f) => ({ f: Buffer.from(f), secret: 'RESEND_API_KEY' as const })),
    ...forms(UNSUBSCRIBE_SECRET).map((f) => ({ f: Buffer.from(f), secret: 'UNSUBSCRIBE_SECRET' as const })),
    // The webhook secret, and its signing key on its own (the base64 after whsec_).
    ...[...forms(WEBHOOK_SECRET), WEBHOOK_SECRET.slice('whsec_'.length)].map((f) => ({ f: Buffer.from(f), secret: 'RESEND_WEBHOOK_SECRET' as const })),
  ];
  const leaks: Leak[] = [];
  let bytesScanned = 0;
  for (const { what, text } of texts) {
    const bytes = Buffer.from(text);
    bytesScanned += bytes.length;
    for (const n of needles) if (bytes.includes(n.f)) leaks.push({ where: what, secret: n.secret });
  }
  const files = [...dirs].flatMap(filesUnder);
  for (const file of files) {
    const bytes = readFileSync(file);
    bytesScanned += bytes.length;
    for (const n of needles) if (bytes.includes(n.f)) leaks.push({ where: file, secret: n.secret });
  }
  return { leaks, textsScanned: texts.length, filesScanned: files.length, bytesScanned };
}

/** Scans, then removes every recorded folder (a suite's temp files: up to 30 MB for the million rows). */
export function expectNoSecretsAndCleanUp(expectEmpty: (leaks: Leak[]) => void): void {
  try {
    expectEmpty(scanForSecrets().leaks);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs.clear();
  }
}

// ── workspaces ──────────────────────────────────────────────────────────

export type Workspace = Readonly<{ dir: string; audience: string; db: string; outbox: string; report: (campaign: string, transport?: string) => string }>;

/** A temp folder with an audience of `rows` made-up subscribers, a record path and an outbox path. */
export function workspace(rows = 0, prefix = 'dispatch-guarantee-'): Workspace {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  recordDir(dir);
  const audience = path.join(dir, 'audience.csv');
  const lines = ['email,first_name'];
  for (let i = 0; i < rows; i++) lines.push(`user${i}@example.org,User ${i}`);
  writeFileSync(audience, `${lines.join('\n')}\n`);
  const db = path.join(dir, 'record', 'dispatch.db');
  return {
    dir,
    audience,
    db,
    outbox: path.join(dir, 'outbox'),
    report: (campaign, transport = 'resend') => path.join(dir, 'record', `${campaign}.${transport}.report.json`),
  };
}

// ── the command as a child process ──────────────────────────────────────

export type Finished = Readonly<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }>;
export type Running = Readonly<{ child: ChildProcess; done: Promise<Finished>; kill: () => Promise<Finished>; started: number; output: () => string }>;

export type CommandOptions = Readonly<{ umask?: string; /** Working folder (default: the repository). */ cwd?: string }>;

/**
 * Starts `tsx src/cli/dispatch.ts <words> ...args` (words: `['send']`, `['audience', 'sync']`…),
 * its output recorded for the secret scan. tsx runs the script in a grandchild,
 * so the run gets its own process group and `kill()` SIGKILLs the group.
 */
export function startCommand(words: readonly string[], args: readonly string[], env: NodeJS.ProcessEnv, options: CommandOptions = {}): Running {
  const started = Date.now();
  // tsx reads tsconfig.json from the working folder; outside the repository it would compile JSX for the classic runtime.
  const script = [TSX, '--tsconfig', TSCONFIG, SCRIPT, ...words, ...args];
  const [command, argv] = options.umask ? ['/bin/sh', ['-c', `umask ${options.umask} && exec "$0" "$@"`, ...script]] : [script[0]!, script.slice(1)];
  const child = spawn(command, argv, { env: { ...process.env, ...BASE_ENV, ...env }, cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const name = [...words, ...args].join(' ');
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code, signal) => {
      recordText(`stdout of ${name}`, stdout);
      recordText(`stderr of ${name}`, stderr);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    }),
  );
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    return done;
  };
  return { child, done, kill, started, output: () => stdout + stderr };
}

/** Starts `dispatch send ...args` (see startCommand). */
export const startSend = (args: readonly string[], env: NodeJS.ProcessEnv, options: CommandOptions = {}): Running => startCommand(['send'], args, env, options);

export const runSend = (args: readonly string[], env: NodeJS.ProcessEnv, options: CommandOptions = {}) => startSend(args, env, options).done;

export { setTimeout as sleep } from 'node:timers/promises';

// ── the command in-process ──────────────────────────────────────────────

export type InProcessResult = Readonly<{ code: number; stdout: string; stderr: string }>;

/**
 * sendCampaign with the CLI's error path (formatError + exitCodeOf, exactly
 * what src/cli/run.ts does), output captured. For the many refusal cases,
 * where a child process per case would cost seconds each.
 */
export async function sendInProcess(options: Omit<SendOptions, 'env' | 'output'>, env: NodeJS.ProcessEnv): Promise<InProcessResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let code: number;
  try {
    const result = await sendCampaign({ ...options, env: { ...BASE_ENV, ...env }, output: { info: (l) => stdout.push(l), warn: (l) => stderr.push(l), isTTY: false } });
    code = result.exitCode;
  } catch (error) {
    for (const line of formatError(error, Boolean(options.verbose))) stderr.push(line);
    code = exitCodeOf(error);
  }
  const out = { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  recordText('in-process stdout', out.stdout);
  recordText('in-process stderr', out.stderr);
  return out;
}

// ── the campaign record, read-only ──────────────────────────────────────

/**
 * The record's invariants (the store's own list, src/store/record-invariants.ts,
 * which `dispatch record check` runs too) and SQLite's integrity check, on a
 * read-only connection (SQLite replays the WAL for readers). A kill before the
 * first run created the schema leaves an empty record: consistent, nothing in it.
 */
export function recordProblems(dbFile: string, campaignId: string): string[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return checkRecord(db, campaignId, 'resend').problems;
  } finally {
    db.close();
  }
}

/** Recipients the record says were delivered, per state. */
export function recordCounts(dbFile: string, campaignId: string): Record<string, number> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(`SELECT r.state, count(*) AS n FROM recipients r JOIN campaigns c ON c.pk = r.campaign WHERE c.id = ? AND c.transport = 'resend' GROUP BY r.state`)
      .all(campaignId) as Array<{ state: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  } finally {
    db.close();
  }
}

