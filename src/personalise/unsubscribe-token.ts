/**
 * Signed unsubscribe tokens: the address and an HMAC-SHA256 of it under
 * UNSUBSCRIBE_SECRET, so the organisation's site (or `npm run serve`) can trust
 * a link without a database lookup. Verification is constant-time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SEPARATOR = '.';

const normalise = (email: string) => email.trim().toLowerCase();
const mac = (email: string, secret: string) => createHmac('sha256', secret).update(normalise(email), 'utf8').digest();

/** `base64url(address).base64url(hmac)` for one address. */
export function signUnsubscribeToken(email: string, secret: string): string {
  if (!secret) throw new Error('an unsubscribe secret is required to sign tokens');
  return `${Buffer.from(normalise(email), 'utf8').toString('base64url')}${SEPARATOR}${mac(email, secret).toString('base64url')}`;
}

/** The address a token was signed for, or `null` when it is malformed, truncated, tampered or signed with another secret. */
export function verifyUnsubscribeToken(token: string, secret: string): string | null {
  if (!secret || typeof token !== 'string') return null;
  const parts = token.split(SEPARATOR);
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  const email = Buffer.from(parts[0], 'base64url').toString('utf8');
  if (Buffer.from(email, 'utf8').toString('base64url') !== parts[0]) return null;
  // Signing encodes the normalised address: any other spelling of it was not issued by us.
  if (normalise(email) !== email) return null;
  const given = Buffer.from(parts[1], 'base64url');
  const expected = mac(email, secret);
  if (given.length !== expected.length) return null;
  return timingSafeEqual(given, expected) ? email : null;
}
