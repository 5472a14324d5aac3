/**
 * Child processes for the send measurements: the Resend stand-in, and the send
 * command as a whole process (`node --import tsx src/cli/dispatch.ts send`, what
 * `npm run send` runs without npm's own process), with the times at which its
 * output lines appear and its peak resident memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './context.ts';

const USAGE = /\n?DISPATCH_BENCH_USAGE maxRssKB=(\d+) userUs=(\d+) systemUs=(\d+)\n?/;

export type StandIn = Readonly<{
  url: string;
  apiKey: string;
  child: ChildProcess;
  /** CPU time the stand-in has used so far (Linux: /proc), or null where unknown. */
  cpuMs: () => number | null;
  stop: () => Promise<void>;
}>;

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** User + system CPU time of a process from /proc/<pid>/stat, in milliseconds. */
function procCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Starts the stand-in (`--rate N`, or no limit), keeping neither bodies nor the request log. */
export async function startStandIn(rate: number | null): Promise<StandIn> {
  const args = ['--import', 'tsx', path.join(ROOT, 'test/support/resend-stand-in/cli.ts'), '--port', '0', '--no-bodies', '--no-request-log'];
  if (rate !== null) args.push('--rate', String(rate));
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`the Resend stand-in exited (${code}) before it started: ${stderr.trim()}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, apiKey: 're_test_standin_key', child, cpuMs: () => procCpuMs(child.pid), stop };
}

/** A line of output, when it arrived, and the CPU time the process had used by then (Linux). */
export type TimedLine = Readonly<{ atMs: number; cpuMs: number | null; line: string }>;

export type ProcessRun = Readonly<{
  code: number | null;
  /** Wall time from spawn to exit. */
  wallMs: number;
  /** stdout lines with the time (since spawn) each arrived. */
  lines: readonly TimedLine[];
  stderr: string;
  /** Peak resident memory of the process, from `process.resourceUsage()` at exit. */
  maxRssBytes: number | null;
  /** CPU time the process used (user + system), whatever else ran on the machine. */
  cpuMs: number | null;
}>;

/** Runs `node --import tsx --import bench/max-rss.mjs <script> …args` and times its output lines. */
export function runNodeScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  const start = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - start) / 1e6;
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', path.join(ROOT, 'bench/max-rss.mjs'), path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: TimedLine[] = [];
  let stderr = '';
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push({ atMs: since(), cpuMs: procCpuMs(child.pid), line }));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const usage = USAGE.exec(stderr);
      resolve({
        code,
        wallMs: since(),
        lines,
        stderr: stderr.replace(USAGE, '').trim(),
        maxRssBytes: usage ? Number(usage[1]) * 1024 : null,
        cpuMs: usage ? (Number(usage[2]) + Number(usage[3])) / 1000 : null,
      });
    });
  });
}
