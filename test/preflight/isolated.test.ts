import { describe, expect, it } from 'vitest';
import { DispatchError } from '../../src/errors/errors.ts';
import { runPreflightIsolated } from '../../src/preflight/isolated.ts';
import { assertPreflight, runPreflight } from '../../src/preflight/preflight.ts';
import { preflightGate } from '../../src/preflight/send-gate.ts';
import { SAMPLE_ISSUE } from '../support/content.ts';
import { brokenFixture, DATE, load } from '../support/preflight.ts';

describe('preflight in a process of its own (what send runs)', () => {
  it('reports exactly what the same checks report in this process', async () => {
    const options = { tools: ['spamassassin' as const], date: DATE };
    const [isolated, here] = await Promise.all([runPreflightIsolated(load(SAMPLE_ISSUE), options), runPreflight(load(SAMPLE_ISSUE), options)]);
    // Everything but the time each check took (two processes, two clocks): findings, verdict, and every check's family, tool, version, coverage and status.
    expect(isolated).toEqual({ ...here, checks: here.checks.map((check) => ({ ...check, ms: expect.any(Number) })) });
    expect(isolated.verdict.spamScore).toEqual(expect.any(Number));
  });

  it('refuses a broken issue with the same problems as in this process', async () => {
    const issue = brokenFixture('preheader-is-subject');
    const there = await assertPreflight(issue, { tools: [] }, runPreflightIsolated).catch((e: unknown) => e);
    const here = await assertPreflight(issue, { tools: [] }).catch((e: unknown) => e);
    expect(there).toBeInstanceOf(DispatchError);
    expect((there as DispatchError).message).toBe((here as DispatchError).message);
    expect((there as DispatchError).problems).toEqual((here as DispatchError).problems);
    expect((there as DispatchError).exitCode).toBe(2);
  });

  it('says so in one line when its process dies before reporting', async () => {
    const env = { ...process.env, NODE_OPTIONS: '--require /nonexistent/preload.cjs' };
    const error = await runPreflightIsolated(load(SAMPLE_ISSUE), { tools: [], env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DispatchError);
    expect((error as DispatchError).message).toMatch(/^preflight: its process ended \(exit code \d+\) before it reported; nothing was sent$/);
    expect((error as DispatchError).hint).toContain('dispatch check ');
  });

  it('is what the send gate uses whenever an external tool runs', async () => {
    // The gate hands the command's environment to the child: a broken one shows the child was used.
    const env = { ...process.env, DISPATCH_PREFLIGHT_TOOLS: 'spamassassin', NODE_OPTIONS: '--require /nonexistent/preload.cjs' };
    await expect(preflightGate({ issue: load(SAMPLE_ISSUE), env })).rejects.toThrow(/its process ended/);
    await expect(preflightGate({ issue: load(SAMPLE_ISSUE), env: { ...env, DISPATCH_PREFLIGHT_TOOLS: 'none' } })).resolves.toHaveLength(3);
  });
});
