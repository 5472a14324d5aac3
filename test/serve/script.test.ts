/** `npm run serve` as deployed: a child process that prints its URL and answers /healthz. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { runScript } from '../support/run-script.ts';
import { UNSUBSCRIBE_SECRET, WEBHOOK_SECRET } from './helpers.ts';

describe('dispatch serve', () => {
  it('starts on a free port, answers /healthz, keeps secrets out of its output, stops on SIGTERM', async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-serve-script-')), 'dispatch.db');
    const child = spawn(path.resolve('node_modules/.bin/tsx'), ['src/cli/dispatch.ts', 'serve', '--port', '0', '--db', db], {
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
});
