/** `npm run serve` as deployed: a child process that prints its URL and answers /healthz. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { dispatchArgv, runScript } from '../support/run-script.ts';
import { UNSUBSCRIBE_SECRET, WEBHOOK_SECRET } from '../support/serve.ts';

describe('dispatch serve', () => {
  it('starts on a free port, answers /healthz, keeps secrets out of its output, stops on SIGTERM', async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-serve-script-')), 'dispatch.db');
    const [tsx, argv] = dispatchArgv('serve', ['--port', '0', '--db', db]);
    const child = spawn(tsx, argv, {
      env: { ...process.env, UNSUBSCRIBE_SECRET, RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ ok: true, unsubscribe: true, webhooks: true });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    expect(stderr).not.toContain(UNSUBSCRIBE_SECRET);
    expect(stderr).not.toContain(WEBHOOK_SECRET);
  });

  it('refuses to start with no secret at all (exit 2)', () => {
    const result = runScript('serve', ['--port', '0'], { UNSUBSCRIBE_SECRET: '', RESEND_WEBHOOK_SECRET: '' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/UNSUBSCRIBE_SECRET/);
  });

  // Node's base64 decoder skips what it cannot read: each of these gives a key anyone can sign with.
  const weak: Record<string, string> = {
    'the bare prefix': 'whsec_',
    '16 bytes': `whsec_${Buffer.from('sixteen byte key').toString('base64')}`,
    'not base64': 'whsec_this is not base64 at all, is it?',
    'base64 with a stray character': `whsec_${Buffer.from('a test webhook signing key, 32b!').toString('base64').slice(0, -2)}*=`,
  };
  it.each(Object.entries(weak))('refuses a webhook secret that is %s (exit 2, one line, the secret not printed)', (_name, secret) => {
    const result = runScript('serve', ['--port', '0'], { UNSUBSCRIBE_SECRET, RESEND_WEBHOOK_SECRET: secret });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: RESEND_WEBHOOK_SECRET (is not base64|decodes to \d+ bytes)/);
    if (secret.length > 'whsec_'.length) expect(result.stderr).not.toContain(secret.slice('whsec_'.length));
  });

  it.each(['constructor', '__proto__', 'de'])('refuses --lang %s, a language the pages are not written in (exit 2, one line)', (tag) => {
    const result = runScript('serve', ['--port', '0', '--lang', tag], { UNSUBSCRIBE_SECRET, RESEND_WEBHOOK_SECRET: '' });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^error: --lang ${tag}: the pages are written in en, fr, ar only`))]);
  });
});
