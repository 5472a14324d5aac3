/**
 * The secret scan of the guarantee suites: recognisable secrets, and a ledger
 * of every artifact a suite produced (the output of every command run through
 * run-script.ts's asynchronous runner, every workspace from workspace.ts, and
 * whatever a suite adds), so the secrets can be looked for in all of them.
 * Suites that do not scan lose nothing by being on the ledger.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** Recognisable values, looked for in every artifact. The key and the webhook secret have the shape of real ones. */
export const API_KEY = 're_GuaranteeKey_9f8e7d6c5b4a3210';
export const UNSUBSCRIBE_SECRET = 'unsub-guarantee-secret-4c1f0e9d8b7a6';
/** Svix's form: `whsec_` and the base64 of the signing key (here 32 bytes). */
export const WEBHOOK_SECRET = `whsec_${Buffer.from('guarantee-webhook-signing-key-3e').toString('base64')}`;

// ── the artifact ledger ─────────────────────────────────────────────────

const texts: Array<{ what: string; text: string }> = [];
const dirs = new Set<string>();

/** Remembers output (stdout, stderr, messages) for the secret scan. */
export function recordText(what: string, text: string): void {
  texts.push({ what, text });
}

/** Remembers a folder: every file under it (record, -wal, report, outbox) is scanned. */
export function recordDir(dir: string): void {
  dirs.add(dir);
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const full = path.join(dir, name);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      continue;
    }
    if (stat.isDirectory()) out.push(...filesUnder(full));
    else if (stat.isFile()) out.push(full);
  }
  return out;
}

/** Forms a secret could leak in: as is, base64, base64url, hex, URL-encoded. */
function forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [...new Set([secret, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), encodeURIComponent(secret)])];
}

export type Leak = Readonly<{ where: string; secret: 'RESEND_API_KEY' | 'UNSUBSCRIBE_SECRET' | 'RESEND_WEBHOOK_SECRET' }>;

/** Every place a secret appears in this suite's artifacts (empty when none). Returns how much was scanned too. */
export function scanForSecrets(): { leaks: Leak[]; textsScanned: number; filesScanned: number; bytesScanned: number } {
  const needles = [
    ...forms(API_KEY).map((f) => ({ f: Buffer.from(f), secret: 'RESEND_API_KEY' as const })),
    ...forms(UNSUBSCRIBE_SECRET).map((f) => ({ f: Buffer.from(f), secret: 'UNSUBSCRIBE_SECRET' as const })),
    // The webhook secret, and its signing key on its own (the base64 after whsec_).
    ...[...forms(WEBHOOK_SECRET), WEBHOOK_SECRET.slice('whsec_'.length)].map((f) => ({ f: Buffer.from(f), secret: 'RESEND_WEBHOOK_SECRET' as const })),
  ];
  const leaks: Leak[] = [];
  let bytesScanned = 0;
  for (const { what, text } of texts) {
    const bytes = Buffer.from(text);
    bytesScanned += bytes.length;
    for (const n of needles) if (bytes.includes(n.f)) leaks.push({ where: what, secret: n.secret });
  }
  const files = [...dirs].flatMap(filesUnder);
  for (const file of files) {
    const bytes = readFileSync(file);
    bytesScanned += bytes.length;
    for (const n of needles) if (bytes.includes(n.f)) leaks.push({ where: file, secret: n.secret });
  }
  return { leaks, textsScanned: texts.length, filesScanned: files.length, bytesScanned };
}

/** Scans, then removes every recorded folder (a suite's temp files: up to 30 MB for the million rows). */
export function expectNoSecretsAndCleanUp(expectEmpty: (leaks: Leak[]) => void): void {
  try {
    expectEmpty(scanForSecrets().leaks);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs.clear();
  }
}
