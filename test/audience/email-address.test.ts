import { describe, expect, it } from 'vitest';
import { checkAddress, normaliseAddress } from '../../src/audience/email-address.ts';

describe('normaliseAddress', () => {
  it('trims and lower-cases', () => {
    expect(normaliseAddress('  Amina.Rahman@Example.ORG \t')).toBe('amina.rahman@example.org');
  });
});

describe('checkAddress', () => {
  it.each([
    ['a@example.org', 'a@example.org'],
    [' Yusuf.Ali+news@Example.org ', 'yusuf.ali+news@example.org'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['x@sub.example.co.uk', 'x@sub.example.co.uk'],
    ['amina@bücher.example', 'amina@xn--bcher-kva.example'],
  ])('accepts %j as %j', (raw, email) => {
    expect(checkAddress(raw)).toEqual({ ok: true, email });
  });

  it.each([
    ['', 'no address'],
    ['   ', 'no address'],
    ['amina', 'needs name@domain'],
    ['@example.org', 'needs name@domain'],
    ['amina@', 'needs name@domain'],
    ['a@b@example.org', 'more than one @'],
    ['amina@localhost', 'domain'],
    ['amina@example', 'domain'],
    ['amina@-example.org', 'domain'],
    ['amina@example..org', 'domain'],
    ['amina..r@example.org', 'unexpected characters'],
    ['.amina@example.org', 'unexpected characters'],
    ['amina rahman@example.org', 'unexpected characters'],
    ['"amina"@example.org', 'unexpected characters'],
    ['Amina <amina@example.org>', 'unexpected characters'],
    ['amína@example.org', 'non-ASCII'],
    [`${'a'.repeat(65)}@example.org`, 'longer than 64'],
    [`a@${'b'.repeat(250)}.org`, 'longer than 254'],
    ['amina@example.org\r\nBcc: x@evil.example', 'more than one @'],
    ['amina\r\nbcc@example.org', 'unexpected characters'],
  ])('refuses %j (%s)', (raw, reason) => {
    const result = checkAddress(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
