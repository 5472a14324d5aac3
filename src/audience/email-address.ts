/**
 * Subscriber addresses: normalised (trimmed, lower-cased) and checked before
 * anything is sent. The rules are stricter than RFC 5321 on purpose: a batch
 * with one address the sending service refuses fails as a whole, so anything
 * unusual is dropped here, with a reason the report can show.
 */
import { domainToASCII } from 'node:url';

export type AddressCheck = { ok: true; email: string } | { ok: false; reason: string };

/** RFC 5322 dot-atom characters for the local part (no quoted local parts). */
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const NON_ASCII = /[^\x00-\x7f]/;

/** Lower-cases and trims an address, the key every comparison (duplicates, suppression) uses. */
export function normaliseAddress(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * Checks one address. Internationalised domains become their ASCII (punycode)
 * form; non-ASCII local parts are refused because they need SMTPUTF8 all the
 * way to the inbox, which neither the API nor many mailboxes promise.
 */
export function checkAddress(raw: string): AddressCheck {
  const value = normaliseAddress(raw);
  if (value === '') return { ok: false, reason: 'no address' };
  if (value.length > 254) return { ok: false, reason: 'address longer than 254 characters' };
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return { ok: false, reason: 'not an email address (needs name@domain)' };
  const local = value.slice(0, at);
  let domain = value.slice(at + 1);
  if (local.includes('@')) return { ok: false, reason: 'more than one @' };
  if (NON_ASCII.test(local)) return { ok: false, reason: 'non-ASCII characters before the @ are not supported' };
  if (local.length > 64) return { ok: false, reason: 'the part before the @ is longer than 64 characters' };
  if (!LOCAL_PART.test(local)) return { ok: false, reason: 'not an email address (unexpected characters or dots)' };
  if (NON_ASCII.test(domain)) {
    const ascii = domainToASCII(domain);
    if (!ascii) return { ok: false, reason: 'the domain is not a valid internationalised domain' };
    domain = ascii;
  }
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || !TOP_LABEL.test(labels[labels.length - 1]!)) {
    return { ok: false, reason: 'the domain is not valid' };
  }
  return { ok: true, email: `${local}@${domain}` };
}
