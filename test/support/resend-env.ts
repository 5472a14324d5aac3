/** The send's environment for delivering through a Resend stand-in (test/support/resend-stand-in). */

export type ResendEnvSettings = Readonly<{
  /** UNSUBSCRIBE_SECRET: each suite has its own, so its tokens are its own. */
  unsubscribeSecret: string;
  /**
   * DISPATCH_RETRY_BASE_MS, the first backoff (the send's default is 500 ms).
   * Each suite keeps the one its faults and timings were written for.
   */
  retryBaseMs: number;
  /** Variables every run of the suite adds (before the call's own). Default: none. */
  env?: NodeJS.ProcessEnv;
}>;

/** What the send needs to reach this stand-in: its address and the key it accepts. */
export type StandInAddress = Readonly<{ apiKey: string; url: string }>;

/** RESEND_API_KEY and RESEND_BASE_URL of `standIn`, UNSUBSCRIBE_SECRET, DISPATCH_RETRY_BASE_MS, then the suite's `env`, then `extra`. */
export function resendEnv(standIn: StandInAddress, settings: ResendEnvSettings, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    RESEND_API_KEY: standIn.apiKey,
    RESEND_BASE_URL: standIn.url,
    UNSUBSCRIBE_SECRET: settings.unsubscribeSecret,
    DISPATCH_RETRY_BASE_MS: String(settings.retryBaseMs),
    ...settings.env,
    ...extra,
  };
}

/**
 * `resendEnv` for a file's stand-in, which starts in beforeAll: `standIn` is
 * read at each call. `const env = resendEnvFor(() => standIn, settings)`, then `env()` or `env({ … })`.
 */
export const resendEnvFor =
  (standIn: () => StandInAddress, settings: ResendEnvSettings) =>
  (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv =>
    resendEnv(standIn(), settings, extra);
