/**
 * Vitest globalSetup of the browser projects: make sure Debian's Chromium is here before any
 * browser starts. `scripts/ensure-tools.sh` installs it when we are root and otherwise prints
 * one line saying how; that line is all the user sees (no stack trace).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/ensure-tools.sh', import.meta.url));

export default function ensureChromium(): void {
  const result = spawnSync('bash', [script, 'chromium'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // "ensure-tools: installed chromium: Chromium 1xx…" after an install; nothing when present.
  if (result.stdout.trim()) console.log(result.stdout.trim());
  if (result.status === 0) return;
  const lines = `${result.stderr}\n${result.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const message = lines.find((l) => l.startsWith('ensure-tools:')) ?? lines.at(-1) ?? `ensure-tools.sh exited with ${result.status}`;
  console.error(message);
  process.exit(1);
}
