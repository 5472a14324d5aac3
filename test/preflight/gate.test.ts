/**
 * One gate: `dispatch check`, `dispatch send` (campaign, dry run, test send) and
 * `dispatch broadcast` all call the same function (runGate), and the send hands
 * it the message it built for its first recipient, not a second render.
 */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendCampaign } from '../../src/campaign/send-campaign.ts';
import { broadcast } from '../../src/cli/commands/broadcast.ts';
import { check } from '../../src/cli/commands/check.ts';
import { DispatchError } from '../../src/errors/errors.ts';
import type { GateInput } from '../../src/preflight/gate.ts';
import type { PreflightReport } from '../../src/preflight/preflight.ts';
import { BRAND, SAMPLE_ISSUE } from '../support/content.ts';
import { workspace } from '../support/workspace.ts';
import { captureOutput } from '../support/captured-output.ts';

const { calls } = vi.hoisted(() => ({ calls: [] as GateInput[] }));
vi.mock('../../src/preflight/gate.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/preflight/gate.ts')>();
  return {
    ...actual,
    runGate: (input: GateInput) => {
      calls.push(input);
      return actual.runGate(input);
    },
  };
});

const AUDIENCE = 'email,first_name\nzubaydah@example.org,Zubaydah\nyusuf@example.org,Yusuf\n';

const ENV = { DISPATCH_PREFLIGHT_TOOLS: 'none', RESEND_API_KEY: '', UNSUBSCRIBE_SECRET: '', DISPATCH_DB: '' };

afterEach(() => {
  calls.length = 0;
  vi.restoreAllMocks();
});

describe('the one preflight gate', () => {
  it('is what check, send (campaign, dry run, test) and broadcast call', async () => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    expect(await check.run({ args: { issue: SAMPLE_ISSUE }, options: { json: true, 'preflight-tools': 'none', brand: BRAND } })).toBe(0);
    const report = JSON.parse(printed.join('\n')) as PreflightReport;
    expect(calls).toHaveLength(1);
    expect(calls[0]!.message).toBeUndefined(); // check: a sample built by the send's code path
    expect(report.checks.length).toBeGreaterThan(0);

    const ws = workspace(0, { audience: AUDIENCE });
    const common = { issueFile: SAMPLE_ISSUE, brandPath: BRAND, dbPath: ws.db, outboxDir: ws.outbox, env: ENV, yes: true };
    await sendCampaign({ ...common, audienceFile: ws.audience, dryRun: true, output: captureOutput().output });
    await sendCampaign({ ...common, testTo: ['tester@example.org'], output: captureOutput().output });
    const sent = await sendCampaign({ ...common, audienceFile: ws.audience, output: captureOutput().output });
    expect(sent.exitCode).toBe(0);
    expect(calls).toHaveLength(4);

    const saved = process.env.RESEND_API_KEY;
    process.env.RESEND_API_KEY = 're_test_0123456789abcdefghijklmnop';
    try {
      // A failing issue: the gate refuses before broadcast reaches Resend.
      const refused = await broadcast
        .run({ args: { issue: 'test/fixtures/preflight/long-subject.yaml' }, options: { segment: 'newsletter', 'preflight-tools': 'none', db: path.join(ws.dir, 'b.db'), brand: BRAND } as Parameters<typeof broadcast.run>[0]['options'] })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DispatchError);
      expect((refused as DispatchError).message).toMatch(/^long-subject: preflight found 1 error; nothing was sent/);
    } finally {
      if (saved === undefined) delete process.env.RESEND_API_KEY;
      else process.env.RESEND_API_KEY = saved;
    }
    expect(calls).toHaveLength(5);
    expect(calls.map((c) => c.issue.slug)).toEqual([...Array(4).fill('2024-09-23-podcast-advocacy-updates'), 'long-subject']);
  });

  it('checks the message the send built for its first recipient, not a second render', async () => {
    const ws = workspace(0, { audience: AUDIENCE });
    await sendCampaign({ issueFile: SAMPLE_ISSUE, brandPath: BRAND, audienceFile: ws.audience, dbPath: ws.db, outboxDir: ws.outbox, env: ENV, yes: true, output: captureOutput().output });
    expect(calls).toHaveLength(1);
    const message = calls[0]!.message!;
    expect(message.recipient).toEqual({ email: 'zubaydah@example.org', fields: { first_name: 'Zubaydah' } });
    expect(message.email.to).toBe('zubaydah@example.org');
    expect(message.email.html).toContain('Salaam Zubaydah,');
    // The signed unsubscribe link is the recipient's own, as in the headers that go out.
    expect(message.email.headers['List-Unsubscribe']).toContain(message.email.html.match(/https:[^"]*unsubscribe[^"]*/)![0].replace(/&amp;/g, '&'));
  });

  it('reads the tools from --preflight-tools, else DISPATCH_PREFLIGHT_TOOLS, as send does', async () => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    const saved = process.env.DISPATCH_PREFLIGHT_TOOLS;
    process.env.DISPATCH_PREFLIGHT_TOOLS = 'none';
    try {
      await check.run({ args: { issue: SAMPLE_ISSUE }, options: { json: true, 'preflight-tools': undefined, brand: BRAND } });
      process.env.DISPATCH_PREFLIGHT_TOOLS = 'chromium,telnet';
      await expect(check.run({ args: { issue: SAMPLE_ISSUE }, options: { json: true, 'preflight-tools': undefined, brand: BRAND } })).rejects.toThrow(/^DISPATCH_PREFLIGHT_TOOLS: unknown tool telnet$/);
      await expect(check.run({ args: { issue: SAMPLE_ISSUE }, options: { json: true, brand: BRAND, 'preflight-tools': 'lynx' } })).rejects.toThrow(/^--preflight-tools: unknown tool lynx$/);
    } finally {
      if (saved === undefined) delete process.env.DISPATCH_PREFLIGHT_TOOLS;
      else process.env.DISPATCH_PREFLIGHT_TOOLS = saved;
    }
    expect(calls[0]!.tools).toEqual([]);
    const report = JSON.parse(printed.join('\n')) as PreflightReport;
    expect(report.checks.filter((c) => c.status === 'not run').map((c) => [c.id, c.reason])).toEqual([
      ['accessibility.axe', 'skipped'],
      ['markup.vnu', 'skipped'],
      ['spam.spamassassin', 'skipped'],
    ]);
  });
});
