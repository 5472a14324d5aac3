/** `npm run check` as a user runs it, and the gate the send pipeline calls. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DispatchError } from '../../src/errors/errors.ts';
import { assertPreflight, CHECK_LIST, runPreflight, type PreflightReport } from '../../src/preflight/preflight.ts';
import { ensureTool } from '../../src/preflight/tools.ts';
import { formatReport } from '../../src/preflight/preflight-report.ts';
import { parseToolList, preflightGate } from '../../src/preflight/send-gate.ts';
import { runScript } from '../support/run-script.ts';
import { SAMPLE_ISSUE } from '../support/content.ts';
import { brokenFixture, load } from '../support/preflight.ts';

describe('npm run check', () => {
  it('prints a table and a clean verdict with the SpamAssassin score for the sample issue', () => {
    const result = runScript('check', [SAMPLE_ISSUE]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^check\s+severity\s+message\s+where$/m);
    expect(result.stdout).toMatch(/^spam\.score\s+info\s+SpamAssassin -?\d+\.\d points/m);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^PASS 2024-09-23-podcast-advocacy-updates: 0 errors, 0 warnings · SpamAssassin -?\d+\.\d\/5 · HTML \d+\.\d KB$/,
    );
    // Every check that ran, with its time, tool and version, and what it covered.
    expect(result.stdout).toMatch(/^checks: \d+ \(\d+ pass, 0 warn, 0 fail, 0 not run\)$/m);
    expect(result.stdout).toMatch(/^status\s+check\s+time\s+tool\s+covered$/m);
    expect(result.stdout).toMatch(/^pass\s+accessibility\.axe\s+\d+\.\d ms\s+axe-core \d+\.\d+\.\d+ in Chromium \d+[.\d]*\s+HTML part in Chromium at 1280×720: /m);
    expect(result.stdout).toMatch(/^pass\s+spam\.spamassassin\s+\d+\.\d ms\s+SpamAssassin \d+\.\d+\.\d+/m);
  });

  it('lists every check in --json for a passing issue: family, tool and version, coverage, status pass, time', () => {
    const result = runScript('check', [SAMPLE_ISSUE, '--json'], { DISPATCH_PREFLIGHT_TOOLS: '' });
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as PreflightReport;
    expect(report.checks.map((c) => c.id)).toEqual(CHECK_LIST.map((c) => c.id));
    for (const c of report.checks) {
      expect(c, c.id).toMatchObject({ family: c.id.split('.')[0], status: 'pass', errors: 0, warnings: 0, covered: { what: expect.any(String) } });
      expect(c.ms, c.id).toEqual(expect.any(Number));
      expect(c.reason, c.id).toBeUndefined();
    }
    const tool = (id: string) => report.checks.find((c) => c.id === id)!.tool;
    expect(tool('client-support.caniemail')).toEqual({ name: 'caniemail', version: expect.stringMatching(/^\d+\.\d+\.\d+$/), dataDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(tool('accessibility.axe')).toEqual({ name: 'axe-core', version: expect.stringMatching(/^\d+\.\d+\.\d+$/), runtime: expect.stringMatching(/^Chromium \d+/) });
    expect(tool('markup.vnu')).toEqual({ name: 'vnu (Nu HTML Checker)', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(tool('spam.spamassassin')).toEqual({ name: 'SpamAssassin', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    // The checks run in Node name no tool; every external tool's check took its tool's time.
    expect(report.checks.filter((c) => c.tool).map((c) => c.id)).toEqual(['client-support.caniemail', 'accessibility.axe', 'markup.vnu', 'spam.spamassassin']);
    for (const id of ['accessibility.axe', 'markup.vnu', 'spam.spamassassin']) expect(report.checks.find((c) => c.id === id)!.ms, id).toBeGreaterThan(0);
    const covered = (id: string) => report.checks.find((c) => c.id === id)!.covered;
    expect(covered('client-support.caniemail').clients).toEqual(expect.arrayContaining(['gmail.desktop-webmail', 'outlook.windows', 'apple-mail.ios', 'yahoo.desktop-webmail']));
    expect(covered('accessibility.axe')).toMatchObject({ colourSchemes: ['light', 'dark'], widths: [1280] });
    expect(covered('accessibility.contrast')).toMatchObject({ colourSchemes: ['light', 'dark'] });
  });

  it('prints JSON with --json and exits 1 when a check fails', () => {
    const result = runScript('check', ['test/fixtures/preflight/long-subject.yaml', '--json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: { id: string; severity: string; where: string }[]; notChecked: unknown[]; verdict: { ok: boolean; line: string } };
    expect(report.verdict.ok).toBe(false);
    expect(report.notChecked).toEqual([]);
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => [f.id, f.where])).toEqual([['content.subject-length', 'subject']]);
    expect(report.verdict.line).toMatch(/^FAIL long-subject: 1 error, 0 warnings · SpamAssassin/);
    const checks = (report as unknown as PreflightReport).checks;
    expect(checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status, c.errors])).toEqual([['content.inbox-preview', 'fail', 1]]);
  });

  it('is a usage error without an issue file', () => {
    const result = runScript('check', []);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: dispatch check content/issues/<file>.yaml [--json]');
  });
});

describe('assertPreflight (the send gate)', () => {
  it('refuses an issue with errors: every error a problem, exit code 2', async () => {
    const error = await assertPreflight(brokenFixture('preheader-is-subject'), { tools: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DispatchError);
    expect((error as DispatchError).exitCode).toBe(2);
    expect((error as DispatchError).message).toBe('preheader-is-subject: preflight found 1 error; nothing was sent (dispatch check test/fixtures/preflight/preheader-is-subject.yaml shows the full report)');
    expect((error as DispatchError).problems).toEqual(['content.preheader-subject at preheader: preheader repeats the subject; use it to add what the subject does not say']);
  });

  it('lets a clean issue through and says what it did not check', async () => {
    const report = await assertPreflight(load(SAMPLE_ISSUE), { tools: ['spamassassin'] });
    expect(report.verdict.ok).toBe(true);
    expect(report.notChecked.map((n) => [n.tool, n.reason])).toEqual([
      ['chromium', 'skipped'],
      ['java', 'skipped'],
    ]);
    expect(formatReport(report).split('\n').slice(-3)).toEqual([
      'not checked: accessibility (axe-core in Chromium): skipped',
      'not checked: markup (Nu HTML Checker): skipped',
      expect.stringMatching(/^PASS 2024-09-23-podcast-advocacy-updates: .* · not checked: accessibility \(axe-core in Chromium\) \(skipped\); markup \(Nu HTML Checker\) \(skipped\)$/),
    ]);
  });
});

describe('npm run send', () => {
  it('refuses an issue that fails preflight: exit 2, every error listed, nothing written', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-preflight-send-'));
    writeFileSync(path.join(dir, 'audience.csv'), 'email,first_name\namina@example.org,Amina\n');
    const outbox = path.join(dir, 'outbox');
    const args = ['test/fixtures/preflight/long-subject.yaml', '--audience', path.join(dir, 'audience.csv'), '--outbox', outbox, '--db', path.join(dir, 'dispatch.db'), '--yes'];
    // The external tools are covered above; the gate's cheap checks (compliance included) always run.
    const result = runScript('send', args, { DISPATCH_PREFLIGHT_TOOLS: 'none', RESEND_API_KEY: '', DISPATCH_DB: '' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error: content.subject-length at subject: subject is 98 characters; keep it to 80 (phones cut it)');
    expect(result.stderr).toContain('error: long-subject: preflight found 1 error; nothing was sent');
    expect(readdirSync(outbox, { recursive: true }).filter((f) => String(f).endsWith('.eml'))).toEqual([]);
  });

  it('passes warnings and unchecked tools on to the send report', async () => {
    const saved = process.env.DISPATCH_PREFLIGHT_TOOLS;
    process.env.DISPATCH_PREFLIGHT_TOOLS = 'none';
    try {
      expect(await preflightGate({ issue: load(SAMPLE_ISSUE) })).toEqual([
        { level: 'warning', message: 'preflight: not checked: accessibility (axe-core in Chromium): skipped' },
        { level: 'warning', message: 'preflight: not checked: markup (Nu HTML Checker): skipped' },
        { level: 'warning', message: 'preflight: not checked: spam (SpamAssassin): skipped' },
      ]);
    } finally {
      if (saved === undefined) delete process.env.DISPATCH_PREFLIGHT_TOOLS;
      else process.env.DISPATCH_PREFLIGHT_TOOLS = saved;
    }
    expect(parseToolList(undefined)).toEqual(['chromium', 'java', 'spamassassin']);
    expect(() => parseToolList('chromium,lynx')).toThrow(/unknown tool lynx/);
  });
});

describe('a machine without the tools', () => {
  it('says which tool is missing and how to install it, and the verdict names what was not checked', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(ensureTool('spamassassin', false)).toEqual({ available: false, reason: 'spamassassin is missing; install it with: bash scripts/ensure-tools.sh spamassassin (as root)' });
      const report = await runPreflight(load(SAMPLE_ISSUE), { tools: ['java', 'spamassassin'], install: false });
      expect(report.notChecked.map((n) => n.reason)).toEqual([
        'skipped',
        'java is missing; install it with: bash scripts/ensure-tools.sh java (as root)',
        'spamassassin is missing; install it with: bash scripts/ensure-tools.sh spamassassin (as root)',
      ]);
      expect(report.verdict.line).toMatch(/· SpamAssassin not run · .* · not checked: .*markup \(Nu HTML Checker\) \(java is missing; .*\); spam \(SpamAssassin\) \(spamassassin is missing; /);
      // The report lists those checks as not run, with the reason, and every other check as run.
      expect(report.checks.filter((c) => c.status === 'not run').map((c) => [c.id, c.reason, c.ms])).toEqual([
        ['accessibility.axe', 'skipped', 0],
        ['markup.vnu', 'java is missing; install it with: bash scripts/ensure-tools.sh java (as root)', 0],
        ['spam.spamassassin', 'spamassassin is missing; install it with: bash scripts/ensure-tools.sh spamassassin (as root)', 0],
      ]);
      expect(report.checks.find((c) => c.id === 'spam.spamassassin')!.tool).toEqual({ name: 'SpamAssassin' });
      expect(report.checks.filter((c) => c.status === 'pass')).toHaveLength(CHECK_LIST.length - 3);
      expect(formatReport(report)).toMatch(/^not run\s+spam\.spamassassin\s+-\s+SpamAssassin \(version unknown\)\s+not run: spamassassin is missing; /m);
    } finally {
      process.env.PATH = saved;
    }
  });
});
