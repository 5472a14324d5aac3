/** The one redaction: the process's secrets, explicit values and credential shapes, wherever they appear in a text. */
import { describe, expect, it } from 'vitest';
import { DispatchError, formatError } from '../../src/errors/errors.ts';
import { redactor } from '../../src/errors/redact.ts';

describe('redactor', () => {
  it('redacts the given values, longest first, and ignores values too short to be secrets', () => {
    const redact = redactor(['re_secret_key', 'unsub-secret', undefined, 'ab'], {});
    expect(redact('key re_secret_key and unsub-secret, not ab')).toBe('key [redacted] and [redacted], not ab');
  });

  it("redacts every secret variable's value in the environment, trimmed as the commands read them", () => {
    const redact = redactor([], { RESEND_API_KEY: ' key-without-shape ', UNSUBSCRIBE_SECRET: 'unsub-value', RESEND_WEBHOOK_SECRET: 'hook-value', PATH: '/usr/bin' });
    expect(redact('a key-without-shape b unsub-value c hook-value d /usr/bin')).toBe('a [redacted] b [redacted] c [redacted] d /usr/bin');
  });

  it('redacts anything shaped like a Resend key, a webhook secret or a bearer token, whoever it belongs to', () => {
    const redact = redactor([], {});
    expect(redact('you sent Bearer re_AbCd1234_efGH5678 (key re_ZyXw9876_vuts)')).toBe('you sent Bearer [redacted] (key [redacted])');
    expect(redact('secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw=')).toBe('secret [redacted]');
    expect(redact('authorization: Bearer some.opaque-token, then')).toBe('authorization: Bearer [redacted], then');
    // Words that merely start like a key are left alone.
    expect(redact('are_you re_sent whsec_ Bearer')).toBe('are_you re_sent whsec_ Bearer');
  });
});

describe('formatError, the one error printer', () => {
  it('redacts the message, the hint, the problems and the stack', () => {
    const echoed = new DispatchError('Resend refused: you sent Bearer re_Echoed_0123456789', { hint: 'key re_Echoed_0123456789' });
    const lines = formatError(echoed, true);
    expect(lines[0]).toBe('error: Resend refused: you sent Bearer [redacted] (key [redacted])');
    expect(lines.join('\n')).not.toContain('re_Echoed');
    expect(formatError(new DispatchError('x', { problems: ['got whsec_AAAABBBBCCCCDDDD'] }))).toEqual(['error: got [redacted]', 'error: x']);
  });
});
