/**
 * Our merge fields → Resend's broadcast merge tags, once, on the rendered issue:
 *   {{first_name|friend}}      → {{{FIRST_NAME|friend}}}
 *   {{last_name}} / {{email}}  → {{{LAST_NAME}}} / {{{EMAIL}}}
 *   {{unsubscribe_url|…}}      → {{{RESEND_UNSUBSCRIBE_URL}}} (Resend's own link; it
 *                                records the unsubscribe on the contact)
 *   {{city|Canada}}            → {{{city|Canada}}} (a contact property)
 * Resend inserts values as-is (triple braces), so the values themselves are
 * neutralised when contacts are synced (contact-fields.ts), and in HTML a
 * merge field inside a tag (an alt, a title, a URL) takes its fallback
 * instead: contact data only ever lands in text. The one tag left in an
 * attribute is {{{RESEND_UNSUBSCRIBE_URL}}} in the unsubscribe href, which
 * Resend fills with its own link, not with contact data.
 */
import { MERGE_FIELD_PATTERN, RESERVED_FIELDS } from '../content/merge-fields.ts';

const NAMED_TAGS: Readonly<Record<string, string>> = { first_name: 'FIRST_NAME', last_name: 'LAST_NAME', [RESERVED_FIELDS.email]: 'EMAIL' };

const mergeFields = () => new RegExp(MERGE_FIELD_PATTERN.source, 'g');

export function toResendMergeTags(source: string): string {
  return source.replace(mergeFields(), (_match, name: string, fallback: string | undefined) => {
    if (name === RESERVED_FIELDS.unsubscribeUrl) return '{{{RESEND_UNSUBSCRIBE_URL}}}';
    const tag = (Object.hasOwn(NAMED_TAGS, name) ? NAMED_TAGS[name] : undefined) ?? name;
    const trimmed = fallback?.trim();
    return trimmed ? `{{{${tag}|${trimmed}}}}` : `{{{${tag}}}}`;
  });
}

/**
 * A start tag, VML's inside conditional comments included (Outlook reads
 * those attributes). React escapes `<` in text and `>` in attribute values,
 * so in rendered HTML `<` + letter … `>` is always one whole tag.
 */
const START_TAG = /<[A-Za-z][^>]*>/g;

/** toResendMergeTags for rendered HTML: merge fields inside tags take their fallback (React already escaped it). */
export function toResendMergeTagsInHtml(html: string): string {
  const textOnly = html.replace(START_TAG, (tag) =>
    tag.replace(mergeFields(), (match, name: string, fallback: string | undefined) => (name === RESERVED_FIELDS.unsubscribeUrl ? match : (fallback ?? '').trim())),
  );
  return toResendMergeTags(textOnly);
}
