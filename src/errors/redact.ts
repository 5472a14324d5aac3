/**
 * The one redaction for every secret a Dispatch process holds. Whatever can
 * quote an API's answer or an error (the CLI's error printer, the send's
 * messages and report, broadcast mode's Resend errors) goes through it
 * before it is printed or stored: an API that echoes the Authorization
 * header back must not put the key on a terminal or in a CI log.
 */

/** The environment variables that hold secrets, redacted wherever their values appear. */
export const SECRET_VARIABLES = ['RESEND_API_KEY', 'RESEND_WEBHOOK_SECRET', 'UNSUBSCRIBE_SECRET'] as const;

export const REDACTED = '[redacted]';

/**
 * Credentials by their shape, whoever's they are (a key the process was
 * given another way, a library user's client): Resend API keys, Svix
 * webhook secrets, and whatever follows `Bearer`.
 */
const SHAPES = /\bre_[A-Za-z0-9_]{8,}|\bwhsec_[A-Za-z0-9+/=_-]{8,}|(?<=\bBearer\s+)(?!\[redacted\])[^\s"',;)\]]+/gi;

/** Values this short would blank out ordinary words; no real secret is. */
const MIN_SECRET_LENGTH = 4;

/**
 * A function that replaces the secrets in a text with `[redacted]`: the
 * values of SECRET_VARIABLES in `env`, the `extra` values (the send's
 * resolved configuration), and anything shaped like a credential.
 */
export function redactor(extra: ReadonlyArray<string | undefined> = [], env: NodeJS.ProcessEnv = process.env): (text: string) => string {
  // Trimmed, as the commands use them; the trimmed value is inside any padded one anyway.
  const values = [...new Set([...SECRET_VARIABLES.map((name) => env[name]?.trim()), ...extra])]
    .filter((value): value is string => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const value of values) out = out.split(value).join(REDACTED);
    return out.replace(SHAPES, REDACTED);
  };
}

/** `text` with this process's secrets (from process.env, read now) and anything shaped like a credential redacted. */
export const redact = (text: string): string => redactor()(text);
