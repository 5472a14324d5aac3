/**
 * Our merge fields → Resend's broadcast merge tags, once, on the rendered issue:
 *   {{first_name|friend}}      → {{{FIRST_NAME|friend}}}
 *   {{last_name}} / {{email}}  → {{{LAST_NAME}}} / {{{EMAIL}}}
 *   {{unsubscribe_url|…}}      → {{{RESEND_UNSUBSCRIBE_URL}}} (Resend's own link; it
 *                                records the unsubscribe on the contact)
 *   {{city|Canada}}            → {{{city|Canada}}} (a contact property)
 * Resend inserts values as-is (triple braces), so the values themselves are
 * neutralised when contacts are synced (contact-fields.ts).
 */
import { MERGE_FIELD_PATTERN, RESERVED_FIELDS } from '../content/merge-fields.ts';

const NAMED_TAGS: Readonly<Record<string, string>> = { first_name: 'FIRST_NAME', last_name: 'LAST_NAME', [RESERVED_FIELDS.email]: 'EMAIL' };

export function toResendMergeTags(source: string): string {
  return source.replace(new RegExp(MERGE_FIELD_PATTERN.source, 'g'), (_match, name: string, fallback: string | undefined) => {
    if (name === RESERVED_FIELDS.unsubscribeUrl) return '{{{RESEND_UNSUBSCRIBE_URL}}}';
    const tag = NAMED_TAGS[name] ?? name;
    const trimmed = fallback?.trim();
    return trimmed ? `{{{${tag}|${trimmed}}}}` : `{{{${tag}}}}`;
  });
}
