/**
 * Checking the send command's options and environment before anything is
 * read or sent: every refusal here exits 2 with one line saying what to do.
 * Secrets are checked for shape only and never echoed.
 */
import { checkAddress } from '../audience/email-address.ts';
import { requireResend } from '../deliver/send-settings.ts';
import { DispatchError, printable } from '../errors/errors.ts';

// The checks broadcast/ shares (campaign id, schedule, the Resend key, retry settings) are in deliver/send-settings.ts.

/**
 * The outbox folder of a `--test-to` send, cleared before each test. `+` is outside the campaign id alphabet,
 * so no campaign's folder can be this one (`<id>.test` was: a test of `news` wiped campaign `news.test`).
 */
export const testOutboxFolder = (campaignId: string): string => `${campaignId}+test`;

/** Signs outbox rehearsals when UNSUBSCRIBE_SECRET is not set; links signed with it verify nowhere real. */
export const DEVELOPMENT_SECRET = 'dispatch-development-secret-outbox-only';

/** At most this many `--test-to` addresses (Resend allows 50 recipients per email; we send one each). */
export const MAX_TEST_RECIPIENTS = 50;

/** `--test-to a@x.org,b@y.org` → normalised addresses; any invalid one refuses the command. */
export function parseTestTo(values: readonly string[]): string[] {
  const addresses = values.flatMap((value) => value.split(/[,;\s]+/)).filter((value) => value.trim() !== '');
  if (addresses.length === 0) throw new DispatchError('--test-to names no address', { hint: 'write --test-to you@example.org,colleague@example.org' });
  const out: string[] = [];
  for (const raw of addresses) {
    const checked = checkAddress(raw);
    if (!checked.ok) throw new DispatchError(`--test-to: "${printable(raw.slice(0, 80))}" is not usable (${checked.reason})`, { hint: 'list addresses separated by commas' });
    if (!out.includes(checked.email)) out.push(checked.email);
  }
  if (out.length > MAX_TEST_RECIPIENTS) throw new DispatchError(`--test-to lists ${out.length} addresses`, { hint: `a test goes to at most ${MAX_TEST_RECIPIENTS}; send the campaign for more` });
  return out;
}

export type TransportConfig =
  | Readonly<{ kind: 'outbox'; secret: string; developmentSecret: boolean }>
  | Readonly<{ kind: 'resend'; apiKey: string; baseUrl?: string; secret: string; developmentSecret: false }>;

/**
 * Which transport, from the environment: RESEND_API_KEY set → Resend (and
 * UNSUBSCRIBE_SECRET is required); otherwise the outbox, signing links with
 * UNSUBSCRIBE_SECRET or, failing that, the development secret.
 */
export function transportConfig(env: NodeJS.ProcessEnv): TransportConfig {
  const secret = env.UNSUBSCRIBE_SECRET ?? '';
  if (!env.RESEND_API_KEY?.trim()) {
    return secret ? { kind: 'outbox', secret, developmentSecret: false } : { kind: 'outbox', secret: DEVELOPMENT_SECRET, developmentSecret: true };
  }
  const resend = requireResend(env, { why: 'sending through Resend needs it', withoutKey: 'write to the outbox' });
  if (!secret) {
    throw new DispatchError('UNSUBSCRIBE_SECRET is not set; it signs every subscriber\'s unsubscribe link', {
      hint: 'set it to a long random value (e.g. the output of `openssl rand -hex 32`) and give the same value to the site that handles unsubscribes',
    });
  }
  return { kind: 'resend', ...resend, secret, developmentSecret: false };
}
