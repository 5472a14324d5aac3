/**
 * What a send takes from its command line and environment, checked before
 * anything is read or sent, for every command that sends: `send`
 * (campaign/), `broadcast` and `audience sync` (broadcast/). Every refusal
 * exits 2 with one line saying what to do; secrets are checked for shape only
 * and never echoed.
 */
import { DispatchError, printable } from '../errors/errors.ts';

/** Campaign ids name folders, report files and tags: keep them to safe characters. */
const CAMPAIGN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

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

/** Resend schedules up to 30 days ahead. */
export const MAX_SCHEDULE_AHEAD_MS = 30 * 24 * 60 * 60 * 1000;

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

/** The Resend API a command talks to: the key, and the base URL of a Resend-compatible server (no trailing slash). */
export type ResendSettings = Readonly<{ apiKey: string; baseUrl?: string }>;

/** A header-safe key: printable ASCII without spaces (a stray newline would break every request). */
const KEY_SHAPE = /^[\x21-\x7e]{8,512}$/;

export type ResendPurpose = Readonly<{
  /** Why the command needs Resend, for a missing key: `broadcasts are created in Resend`. */
  why: string;
  /** What the command does without a key, if anything: `write to the outbox`. */
  withoutKey?: string;
}>;

/**
 * RESEND_API_KEY and RESEND_BASE_URL, checked, for every command that talks to
 * Resend: a missing key, a key that cannot be an API key and a base URL that
 * is not http(s) are refused.
 */
export function requireResend(env: NodeJS.ProcessEnv, purpose: ResendPurpose = { why: 'this command talks to Resend' }): ResendSettings {
  const apiKey = env.RESEND_API_KEY?.trim();
  if (!apiKey) throw new DispatchError('RESEND_API_KEY is not set', { hint: `${purpose.why}; set the key (and RESEND_BASE_URL for a Resend-compatible server)` });
  if (!KEY_SHAPE.test(apiKey)) {
    throw new DispatchError('RESEND_API_KEY does not look like an API key (it is too short, too long, or contains spaces or line breaks)', {
      hint: `copy the key again from https://resend.com/api-keys (it starts with re_)${purpose.withoutKey ? `, or unset it to ${purpose.withoutKey}` : ''}`,
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
  return { apiKey, ...(baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, '') } : {}) };
}

export type Tuning = Readonly<{
  timeoutMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  maxAttempts?: number;
  maxInFlight?: number;
}>;

/**
 * The retry limits of every Resend request, the send's batches and the
 * broadcast and sync calls alike, where DISPATCH_* leaves them unset.
 */
export const RETRY_DEFAULTS = {
  /** Per attempt (DISPATCH_REQUEST_TIMEOUT_MS). */
  timeoutMs: 30_000,
  /** Attempts for server errors, timeouts and dropped connections (DISPATCH_MAX_ATTEMPTS). */
  maxAttempts: 8,
  /** 429 answers tolerated per request, each waiting `retry-after`. */
  maxRateLimitWaits: 30,
  /** First backoff, doubling with jitter (DISPATCH_RETRY_BASE_MS). */
  retryBaseMs: 500,
  /** Longest backoff (DISPATCH_RETRY_MAX_MS). */
  retryMaxMs: 30_000,
} as const;

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
 * DISPATCH_RETRY_MAX_MS (30000), DISPATCH_MAX_ATTEMPTS (8), DISPATCH_MAX_IN_FLIGHT (2,
 * the send's batches; broadcast and sync requests go one at a time).
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
