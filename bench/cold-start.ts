/**
 * 6. Cold start: the wall time of `npm run render` on the sample issue as a
 * whole process (npm, tsx compiling the TypeScript, loading React, rendering,
 * writing both files), and of the same script started with tsx directly (what
 * npm itself adds). For the record: there is no target.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, SAMPLE_ISSUE, type BenchContext } from './context.ts';
import { alternate, stats } from './harness.ts';
import { timedRow, type MeasurementResult } from './report.ts';

const MEASUREMENT = '6 cold start';

function runner(command: string, args: readonly string[], out: string) {
  return () => {
    const result = spawnSync(command, [...args, SAMPLE_ISSUE, '--out', out], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.trim()}`);
    return result.stdout;
  };
}

export async function measureColdStart(ctx: BenchContext): Promise<MeasurementResult> {
  const out = mkdtempSync(path.join(tmpdir(), 'dispatch-bench-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const contenders = [
      { name: 'npm', run: runner(npm, ['run', 'render', '--silent', '--'], out) },
      { name: 'tsx', run: runner(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'src/cli/dispatch.ts'), 'render'], out) },
    ];
    const [warmup, rounds] = ctx.quick ? [0, 1] : [1, 20];
    ctx.log(`cold start: ${rounds} runs of each command, alternating`);
    const samples = await alternate(contenders, { warmup, rounds });
    const viaNpm = stats(samples.get('npm')!);
    const viaTsx = stats(samples.get('tsx')!);
    return {
      rows: [
        timedRow({ id: 'cold-start.npm', measurement: MEASUREMENT, contender: '`npm run render` (whole process)', unit: 'ms', target: 'for the record' }, viaNpm),
        timedRow({ id: 'cold-start.tsx', measurement: MEASUREMENT, contender: '`tsx src/cli/dispatch.ts render` (without npm)', unit: 'ms', target: 'for the record' }, viaTsx),
      ],
      details: { samplesMs: { npm: samples.get('npm'), tsx: samples.get('tsx') }, stats: { npm: viaNpm, tsx: viaTsx } },
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
