/**
 * npm run bench [-- --json FILE] [--quick] [--only render,personalise,send,size,cold-start]
 *
 * Runs every measurement in one process (the send and cold-start ones start
 * processes of their own), prints a table of medians, p90s and ratios, and
 * writes the same as JSON (default bench-results/latest.json). `--quick` is a
 * smoke run of a few seconds for the test suite: its numbers mean little.
 * Run under NODE_ENV=production (the npm script sets it): React's development
 * build is two to three times slower.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureColdStart } from './cold-start.ts';
import { ROOT, type BenchContext } from './context.ts';
import { sinkTotal } from './harness.ts';
import { measurePersonalise } from './personalise.ts';
import { measureRender } from './render.ts';
import { formatMarkdown, formatTable, row, type MeasurementResult, type Row } from './report.ts';
import { measureSend } from './send.ts';
import { measureSize } from './size.ts';

export const MEASUREMENTS = {
  render: measureRender,
  personalise: measurePersonalise,
  send: measureSend,
  size: measureSize,
  'cold-start': measureColdStart,
} as const satisfies Record<string, (ctx: BenchContext) => Promise<MeasurementResult>>;

type Name = keyof typeof MEASUREMENTS;

export type BenchResults = Readonly<{
  date: string;
  command: string;
  quick: boolean;
  nodeEnv: string | null;
  /** The commit measured, and whether the work tree had changes on top of it. */
  git: Readonly<{ commit: string | null; dirty: boolean | null }>;
  machine: Readonly<{ node: string; platform: string; arch: string; cpus: number; cpuModel: string; memoryGB: number; loadAverage: { start: number[]; end: number[] } }>;
  durationMs: number;
  /** Wall time of each measurement. */
  durationsMs: Record<string, number>;
  rows: Row[];
  details: Record<string, unknown>;
  sink: number;
}>;

function parseOptions(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      json: { type: 'string', default: path.join(ROOT, 'bench-results/latest.json') },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      markdown: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean) ?? (Object.keys(MEASUREMENTS) as Name[]);
  for (const name of only) if (!(name in MEASUREMENTS)) throw new Error(`--only: unknown measurement "${name}" (${Object.keys(MEASUREMENTS).join(', ')})`);
  return { json: values.json!, quick: values.quick!, only: only as Name[], markdown: values.markdown!, help: values.help! };
}

function gitState(): BenchResults['git'] {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  const head = git('rev-parse', 'HEAD');
  if (head.status !== 0) return { commit: null, dirty: null };
  return { commit: head.stdout.trim(), dirty: git('status', '--porcelain', '--untracked-files=no').stdout.trim() !== '' };
}

/** Runs the measurements and returns the results; one that throws becomes a FAILED row, the others still run. */
export async function runBenchmarks(options: Readonly<{ quick: boolean; only?: readonly Name[]; log?: (line: string) => void; command?: string }>): Promise<BenchResults> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const ctx: BenchContext = { quick: options.quick, log };
  const started = process.hrtime.bigint();
  const loadStart = os.loadavg();
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const durationsMs: Record<string, number> = {};
  for (const name of options.only ?? (Object.keys(MEASUREMENTS) as Name[])) {
    const measurementStart = process.hrtime.bigint();
    try {
      const result = await MEASUREMENTS[name](ctx);
      rows.push(...result.rows);
      if (result.details) details[name] = result.details;
    } catch (error) {
      const message = (error as Error)?.stack ?? String(error);
      log(`${name}: FAILED\n${message}`);
      rows.push(row({ id: `${name}.failed`, measurement: name, contender: 'failed', unit: '', median: null, n: 0, status: 'failed', note: message.split('\n')[0] }));
      details[name] = { error: message };
    }
    durationsMs[name] = Number(process.hrtime.bigint() - measurementStart) / 1e6;
  }
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    command: options.command ?? `NODE_ENV=${process.env.NODE_ENV ?? ''} tsx bench/run.ts${options.quick ? ' --quick' : ''}`,
    quick: options.quick,
    nodeEnv: process.env.NODE_ENV ?? null,
    git: gitState(),
    machine: {
      node: process.version,
      platform: os.platform(),
      arch: os.arch(),
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGB: Math.round(os.totalmem() / 1024 ** 3),
      loadAverage: { start: loadStart, end: os.loadavg() },
    },
    durationMs: Number(process.hrtime.bigint() - started) / 1e6,
    durationsMs,
    rows,
    details,
    sink: sinkTotal(),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    console.log('npm run bench [-- --json FILE] [--quick] [--only render,personalise,send,size,cold-start] [--markdown]');
    return;
  }
  if (process.env.NODE_ENV !== 'production') console.error('warning: NODE_ENV is not "production": React runs its development build, two to three times slower (use npm run bench)');
  const argv = process.argv.slice(2).join(' ');
  const results = await runBenchmarks({ quick: options.quick, only: options.only, command: `npm run bench${argv ? ` -- ${argv}` : ''}` });
  console.log(options.markdown ? formatMarkdown(results.rows) : formatTable(results.rows));
  const notes = results.rows.filter((r) => r.note && r.status !== 'failed');
  if (notes.length) console.log(`\n${notes.map((r) => `${r.id}: ${r.note}`).join('\n')}`);
  const m = results.machine;
  const commit = results.git.commit ? `, commit ${results.git.commit.slice(0, 7)}${results.git.dirty ? ' with uncommitted changes' : ''}` : '';
  console.log(`\n${results.date}${commit}, Node ${m.node}, ${m.cpus} × ${m.cpuModel}, load average ${m.loadAverage.start.map((l) => l.toFixed(1)).join('/')} at the start${results.quick ? ', QUICK (smoke run: numbers mean little)' : ''}`);
  mkdirSync(path.dirname(path.resolve(options.json)), { recursive: true });
  writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`JSON: ${path.relative(process.cwd(), path.resolve(options.json)) || options.json}`);
  if (results.rows.some((r) => r.status === 'failed')) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(ROOT, 'bench/run.ts')) {
  main().catch((error: unknown) => {
    console.error((error as Error)?.message ?? error);
    process.exitCode = 2;
  });
}
