/**
 * Checking the send command's options and environment before anything is
 * read or sent: every refusal here exits 2 with one line saying what to do.
 * Secrets are checked for shape only and never echoed.
 */
import { checkAddress } from '../audience/address.ts';
import { DispatchError, printable } from '../errors/errors.ts';

/** Campaign ids name folders, report files and tags: keep them to safe characters. */
const CAMPAIGN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * The outbox folder of a `--test-to` send, cleared before each test. `+` is outside the campaign id alphabet,
 * so no campaign's folder can be this one (`<id>.test` was: a test of `news` wiped campaign `news.test`).
 */
export const testOutboxFolder = (campaignId: string): string => `${campaignId}+test`;

/** Resend schedules up to 30 days ahead. */
export const MAX_SCHEDULE_AHEAD_MS = 30 * 24 * 60 * 60 * 1000;

/** Signs outbox rehearsals when UNSUBSCRIBE_SECRET is not set; links signed with it verify nowhere real. */
export const DEVELOPMENT_SECRET = 'dispatch-development-secret-outbox-only';

/** At most this many `--test-to` addresses (Resend allows 50 recipients per email; we send one each). */
export const MAX_TEST_RECIPIENTS = 50;

export function checkCampaignId(id: string): string {
  if (!CAMPAIGN_ID.test(id)) {
    throw new DispatchError(`--campaign "${printable(id.slice(0, 60))}" is not a usable campaign id`, {
      hint: 'use letters, digits, dots, dashes and underscores (at most 100), starting with a letter or digit, e.g. 2024-09-newsletter',
    });
  }
  return id;
}

/** The campaign id: `--campaign`, else the issue file's name. */
export function campaignIdFor(flag: string | undefined, issueSlug: string): string {
  if (flag !== undefined) return checkCampaignId(flag);
  if (CAMPAIGN_ID.test(issueSlug)) return issueSlug;
  throw new DispatchError(`the issue file name "${printable(issueSlug)}" cannot name a campaign`, { hint: 'pass --campaign <id> (letters, digits, dots, dashes, underscores)' });
}

/** `--schedule`: an ISO 8601 time with a time zone, in the future, at most 30 days ahead. Returns it normalised to UTC. */
export function checkSchedule(value: string, now = Date.now()): string {
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
  const time = Date.parse(value);
  if (!iso.test(value.trim()) || Number.isNaN(time)) {
    throw new DispatchError(`--schedule "${printable(value.slice(0, 60))}" is not an ISO 8601 time with a time zone`, { hint: 'write it like 2024-09-23T14:00:00-04:00 or 2024-09-23T18:00:00Z' });
  }
  if (time <= now) throw new DispatchError(`--schedule ${printable(value)} is in the past`, { hint: 'give a time in the future, or leave --schedule out to send now' });
  if (time - now > MAX_SCHEDULE_AHEAD_MS) throw new DispatchError(`--schedule ${printable(value)} is more than 30 days ahead`, { hint: 'Resend schedules at most 30 days in advance' });
  return new Date(time).toISOString();
}

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

/** A header-safe key: printable ASCII without spaces (a stray newline would break every request). */
const KEY_SHAPE = /^[\x21-\x7e]{8,512}$/;

/**
 * Which transport, from the environment: RESEND_API_KEY set → Resend (and
 * UNSUBSCRIBE_SECRET is required); otherwise the outbox, signing links with
 * UNSUBSCRIBE_SECRET or, failing that, the development secret.
 */
export function transportConfig(env: NodeJS.ProcessEnv): TransportConfig {
  const apiKey = env.RESEND_API_KEY?.trim();
  const secret = env.UNSUBSCRIBE_SECRET ?? '';
  if (!apiKey) {
    return secret ? { kind: 'outbox', secret, developmentSecret: false } : { kind: 'outbox', secret: DEVELOPMENT_SECRET, developmentSecret: true };
  }
  if (!KEY_SHAPE.test(apiKey)) {
    throw new DispatchError('RESEND_API_KEY does not look like an API key (it is too short, too long, or contains spaces or line breaks)', {
      hint: 'copy the key again from https://resend.com/api-keys (it starts with re_), or unset it to write to the outbox',
    });
  }
  if (!secret) {
    throw new DispatchError('UNSUBSCRIBE_SECRET is not set; it signs every subscriber\'s unsubscribe link', {
      hint: 'set it to a long random value (e.g. the output of `openssl rand -hex 32`) and give the same value to the site that handles unsubscribes',
    });
  }
  const baseUrl = env.RESEND_BASE_URL?.trim();
  if (baseUrl) {
    let url: URL | undefined;
    try {
      url = new URL(baseUrl);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol)) {
      throw new DispatchError('RESEND_BASE_URL is not an http(s) URL', { hint: 'unset it to use Resend, or give the base URL of a Resend-compatible server' });
    }
  }
  return { kind: 'resend', apiKey, ...(baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, '') } : {}), secret, developmentSecret: false };
}

export type Tuning = Readonly<{
  timeoutMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  maxAttempts?: number;
  maxInFlight?: number;
}>;

function envNumber(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new DispatchError(`${name} must be a number from ${min} to ${max}`, { hint: `unset ${name} to use the default` });
  return value;
}

/**
 * Advanced settings from the environment, for slow networks and for tests:
 * DISPATCH_REQUEST_TIMEOUT_MS (30000), DISPATCH_RETRY_BASE_MS (500),
 * DISPATCH_RETRY_MAX_MS (30000), DISPATCH_MAX_ATTEMPTS (8), DISPATCH_MAX_IN_FLIGHT (2).
 */
export function tuningFromEnv(env: NodeJS.ProcessEnv): Tuning {
  return {
    timeoutMs: envNumber(env, 'DISPATCH_REQUEST_TIMEOUT_MS', 50, 600_000),
    retryBaseMs: envNumber(env, 'DISPATCH_RETRY_BASE_MS', 0, 60_000),
    retryMaxMs: envNumber(env, 'DISPATCH_RETRY_MAX_MS', 0, 600_000),
    maxAttempts: envNumber(env, 'DISPATCH_MAX_ATTEMPTS', 1, 100),
    maxInFlight: envNumber(env, 'DISPATCH_MAX_IN_FLIGHT', 1, 32),
  };
}
