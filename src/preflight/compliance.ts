/**
 * Compliance (CASL, CAN-SPAM, Gmail and Yahoo's bulk-sender rules): who sent it
 * and how to reach them, in both parts; a visible unsubscribe link in both
 * parts; one-click List-Unsubscribe (RFC 8058); the headers every message
 * needs; text and HTML alternatives. Read from the .eml as it would be sent.
 */
import { byTag, collapseSpace, isHidden, visibleText } from './html.ts';
import { unsubscribeUrlOf } from './links.ts';
import { allOf, finding, type Check, type Finding, type NamedCheck, type PreflightContext } from './types.ts';

export type ParsedEml = Readonly<{
  /** Header name (lower case) → unfolded values. */
  headers: ReadonlyMap<string, readonly string[]>;
  /** Content types of the parts of a multipart message, in order (lower case, without parameters). */
  partTypes: readonly string[];
}>;

/** Headers and the MIME structure of a message; enough to check it, not a general MIME parser. */
export function parseEml(eml: string): ParsedEml {
  const normalised = eml.replace(/\r\n/g, '\n');
  const end = normalised.indexOf('\n\n');
  const head = end < 0 ? normalised : normalised.slice(0, end);
  const body = end < 0 ? '' : normalised.slice(end + 2);
  const headers = parseHeaders(head);
  const contentType = headers.get('content-type')?.[0] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  const partTypes: string[] = [];
  if (/^multipart\//i.test(contentType) && boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      const partHead = part.replace(/^\n/, '').split('\n\n')[0] ?? '';
      partTypes.push((parseHeaders(partHead).get('content-type')?.[0] ?? 'text/plain').split(';')[0]!.trim().toLowerCase());
    }
  }
  return { headers, partTypes };
}

function parseHeaders(head: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

/** Shorter than any postal address: the brand schema only requires the field not to be blank. */
export const MIN_MAILING_ADDRESS = 10;

/** The sender's identity and contact in both parts: legal name, every line of the mailing address, the contact address. */
export function senderIdentity(ctx: PreflightContext): Finding[] {
  const brand = ctx.issue.brand;
  const html = visibleText(ctx.html.document);
  const text = collapseSpace(ctx.email.text);
  const findings: Finding[] = [];
  if (brand.mailingAddress.trim().length < MIN_MAILING_ADDRESS) {
    findings.push(finding('compliance.mailing-address', 'error', `brand: mailingAddress "${brand.mailingAddress.trim()}" is not a postal address; Canada's anti-spam law requires the organisation's postal address in every message`, 'brand.mailingAddress'));
  }
  const required: [id: string, what: string, value: string, where: string][] = [
    ['compliance.org-name', 'the organisation name', brand.name, 'brand.name'],
    ...brand.mailingAddress
      .trim()
      .split('\n')
      .map((line): [string, string, string, string] => ['compliance.mailing-address', 'the mailing address line', collapseSpace(line), 'brand.mailingAddress']),
    ['compliance.contact', 'the contact address', brand.contactEmail, 'brand.contactEmail'],
  ];
  for (const [id, what, value, where] of required) {
    for (const [part, content] of [['HTML', html], ['text', text]] as const) {
      if (!content.includes(value)) findings.push(finding(id, 'error', `${what} "${value}" is missing from the ${part} part (CASL requires it)`, where));
    }
  }
  return findings;
}

/** A visible unsubscribe link in both parts, to the same URL as the List-Unsubscribe header. */
export function unsubscribeLink(ctx: PreflightContext): Finding[] {
  const url = unsubscribeUrlOf(ctx);
  if (!url) return []; // the header check reports it
  const findings: Finding[] = [];
  const visible = byTag(ctx.html, 'a').some((a) => a.attribs.href === url && !isHidden(a) && visibleText(a) !== '');
  if (!visible) findings.push(finding('compliance.unsubscribe-link', 'error', 'no visible unsubscribe link in the HTML part (CASL and Gmail/Yahoo bulk-sender rules require one)', 'html'));
  if (!ctx.email.text.includes(url)) findings.push(finding('compliance.unsubscribe-link', 'error', 'no unsubscribe link in the text part', 'text'));
  return findings;
}

export function headers(ctx: PreflightContext): Finding[] {
  const eml = parseEml(ctx.eml);
  const findings: Finding[] = [];
  const one = (name: string) => eml.headers.get(name)?.[0];
  for (const [name, label] of [['date', 'Date'], ['message-id', 'Message-ID'], ['from', 'From'], ['subject', 'Subject']] as const) {
    if (!one(name)) findings.push(finding(`compliance.header-${name}`, 'error', `the message has no ${label} header`, 'headers'));
  }
  const listUnsubscribe = one('list-unsubscribe') ?? '';
  if (!/<https:[^>]+>/.test(listUnsubscribe)) findings.push(finding('compliance.list-unsubscribe', 'error', 'List-Unsubscribe has no https URI (one-click unsubscribe, RFC 8058)', 'headers'));
  if (!/<mailto:[^>]+>/.test(listUnsubscribe)) findings.push(finding('compliance.list-unsubscribe', 'error', 'List-Unsubscribe has no mailto URI', 'headers'));
  if (one('list-unsubscribe-post') !== 'List-Unsubscribe=One-Click') {
    findings.push(finding('compliance.list-unsubscribe-post', 'error', 'List-Unsubscribe-Post must be "List-Unsubscribe=One-Click" (Gmail and Yahoo require one-click unsubscribe)', 'headers'));
  }
  const type = (one('content-type') ?? '').toLowerCase();
  if (!type.startsWith('multipart/alternative') || !eml.partTypes.includes('text/plain') || !eml.partTypes.includes('text/html')) {
    findings.push(finding('compliance.multipart', 'error', `the message must be multipart/alternative with text/plain and text/html parts (got ${type.split(';')[0] || 'none'}: ${eml.partTypes.join(', ') || 'no parts'})`, 'headers'));
  }
  return findings;
}

export const COMPLIANCE_CHECKS: readonly NamedCheck[] = [
  { id: 'compliance.sender-identity', title: 'organisation name, postal address and contact (CASL)', covers: () => ({ what: 'HTML part (visible text) and text part' }), run: senderIdentity },
  { id: 'compliance.unsubscribe-link', title: 'a visible unsubscribe link (CASL, Gmail/Yahoo bulk-sender rules)', covers: () => ({ what: 'HTML part (visible links) and text part, against the List-Unsubscribe URL' }), run: unsubscribeLink },
  {
    id: 'compliance.headers',
    title: 'one-click List-Unsubscribe (RFC 8058), Date, Message-ID, From, Subject, multipart',
    covers: () => ({ what: 'the headers and MIME structure of the .eml' }),
    run: headers,
  },
];

export const complianceChecks: Check = allOf(COMPLIANCE_CHECKS);
