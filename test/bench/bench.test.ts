/**
 * The benchmark's smoke run (`--quick`), so it never rots: it runs as a user
 * runs it, in a process of its own, prints every row and writes JSON that
 * parses. No timing is asserted: this machine's numbers are the full run's job.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allIssues } from '../../fixtures/index.ts';
import type { BenchResults } from '../../bench/run.ts';

const TSX = path.resolve('node_modules/.bin/tsx');

const EXPECTED_ROWS = [
  'render.dispatch',
  'render.mjml',
  'personalise.splice',
  'personalise.react',
  'personalise.identical',
  'send.limited',
  'send.unlimited',
  'memory.peak',
  'memory.preflight',
  'memory.time',
  'size.sample',
  'size.sample-mjml',
  ...Object.keys(allIssues).map((slug) => `size.${slug}`),
  'cold-start.npm',
  'cold-start.tsx',
];

describe('npm run bench -- --quick', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-bench-test-'));
  const json = path.join(dir, 'results.json');
  let run: SpawnSyncReturns<string>;
  beforeAll(() => {
    run = spawnSync(TSX, [path.resolve('bench/run.ts'), '--quick', '--json', json], {
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production', NO_COLOR: '1' },
      timeout: 120_000,
    });
  }, 130_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finishes without a failed measurement', () => {
    expect(run.stderr).not.toMatch(/FAILED/);
    expect(run.status, run.stderr).toBe(0);
  });

  it('writes JSON that parses, with every row', () => {
    const results = JSON.parse(readFileSync(json, 'utf8')) as BenchResults;
    expect(results.quick).toBe(true);
    expect(results.nodeEnv).toBe('production');
    expect(results.rows.map((r) => r.id)).toEqual(EXPECTED_ROWS);
    for (const r of results.rows) {
      if (r.status === 'not measured') {
        expect(r.note).toMatch(/not measured/);
        continue;
      }
      expect(r.status, r.id).toBe('measured');
      expect(r.median, r.id).toEqual(expect.any(Number));
      expect(Number.isFinite(r.median), r.id).toBe(true);
    }
    expect(results.machine.cpus).toBeGreaterThan(0);
  });

  it('finds the personalised messages byte-identical to rendering each recipient directly', () => {
    const results = JSON.parse(readFileSync(json, 'utf8')) as BenchResults;
    expect(results.rows.find((r) => r.id === 'personalise.identical')?.met).toBe(true);
  });

  it('prints the table with a line per row', () => {
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^Measurement\s+Contender\s+Median\s+p90\s+n\s+Ratio\s+Target\s+Met$/);
    const results = JSON.parse(readFileSync(json, 'utf8')) as BenchResults;
    for (const r of results.rows) expect(run.stdout).toContain(r.contender);
  });
});
