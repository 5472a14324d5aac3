/**
 * The set-up every guarantee suite that sends through the API shares: one
 * Resend stand-in for the file, reset before each test, closed after the
 * last, and then every artifact the suite produced scanned for the secrets.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startResendStandIn, type StandIn } from './resend-stand-in/index.ts';
import { API_KEY, expectNoSecretsAndCleanUp, UNSUBSCRIBE_SECRET } from './secret-scan.ts';
import { resendEnvFor } from './resend-env.ts';

export type StandInSuite = Readonly<{
  /** The file's stand-in (available inside tests and hooks). */
  readonly standIn: StandIn;
  /** The send command's environment for this stand-in: key, URL, secret, quick retries, then the suite's and the caller's additions. */
  env: (extra?: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
}>;

export type StandInSuiteOptions = Readonly<{
  /** Keep each email's html and text. Default: true. */
  recordBodies?: boolean;
  /** Variables every test of the suite adds to `env()`. Default: none. */
  env?: NodeJS.ProcessEnv;
}>;

export function useStandInSuite(options: StandInSuiteOptions = {}): StandInSuite {
  let started: StandIn | undefined;
  beforeAll(async () => {
    started = await startResendStandIn({ apiKey: API_KEY, recordBodies: options.recordBodies ?? true });
  });
  afterAll(async () => {
    await started?.close();
    expectNoSecretsAndCleanUp((leaks) => expect(leaks).toEqual([]));
  });
  beforeEach(() => started?.reset());
  const suite: StandInSuite = {
    get standIn(): StandIn {
      if (!started) throw new Error('the stand-in starts in beforeAll: use it inside tests and hooks');
      return started;
    },
    env: resendEnvFor(() => suite.standIn, { unsubscribeSecret: UNSUBSCRIBE_SECRET, retryBaseMs: 10, env: options.env }),
  };
  return suite;
}
