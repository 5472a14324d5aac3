/**
 * Merge fields: `{{name}}` or `{{name|fallback}}` in any text of an issue.
 * React renders them as literal text; they are filled after rendering, once per
 * recipient, by splicing values into a template compiled once.
 */

export const MERGE_FIELD_OPEN = '{{';
/** `{{ name }}` or `{{ name | fallback }}`; the fallback cannot contain braces. */
export const MERGE_FIELD_PATTERN = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|([^{}]*))?\}\}/;

/**
 * A merge field in a URL, as written or percent-encoded. Filled per recipient
 * after rendering, its value would be HTML-escaped but not URL-encoded (and a
 * UTM-tagged link carries it encoded, unfilled), so links may not hold one.
 */
export const MERGE_FIELD_IN_URL = /\{\{|%7B%7B/i;

/** Where the brand's unsubscribe URL takes the signed token: the one placeholder a URL may hold. */
export const TOKEN_PLACEHOLDER = /\{\{token\}\}|%7B%7Btoken%7D%7D/;

/** Field names the pipeline fills itself, whatever the audience file holds. */
export const RESERVED_FIELDS = { email: 'email', unsubscribeUrl: 'unsubscribe_url' } as const;

export type MergeValues = Readonly<Record<string, string | undefined>>;
export type MergeContext = 'html' | 'text';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };

/** Escapes a value for both HTML text and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** A recipient's value for a merge field: own keys only (`{{constructor}}` is a column name like any other, not Object's). */
export function mergeValue(values: MergeValues, name: string): string | undefined {
  return Object.hasOwn(values, name) ? values[name] : undefined;
}

type Segment = string | { readonly name: string; readonly fallback: string };

/** A string split once into literal parts and merge fields, filled many times. */
export type CompiledMerge = Readonly<{
  segments: readonly Segment[];
  fields: readonly string[];
  fill: (values: MergeValues) => string;
}>;

/**
 * Compiles a rendered part (HTML or text) for repeated filling. In HTML the
 * fallback is already escaped by React, so only recipient values are escaped.
 */
export function compileMerge(source: string, context: MergeContext): CompiledMerge {
  const segments: Segment[] = [];
  const pattern = new RegExp(MERGE_FIELD_PATTERN.source, 'g');
  let last = 0;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    segments.push(source.slice(last, match.index));
    segments.push({ name: match[1]!, fallback: (match[2] ?? '').trim() });
    last = match.index + match[0].length;
  }
  segments.push(source.slice(last));
  const escape = context === 'html' ? escapeHtml : (value: string) => value;
  const fields = [...new Set(segments.filter((s) => typeof s !== 'string').map((s) => s.name))];
  const fill = (values: MergeValues): string => {
    let out = '';
    for (const segment of segments) {
      if (typeof segment === 'string') out += segment;
      else {
        const value = mergeValue(values, segment.name)?.trim();
        out += value ? escape(value) : segment.fallback;
      }
    }
    return out;
  };
  return { segments, fields, fill };
}

/** Fills merge fields once; for many recipients, compile once with `compileMerge`. */
export function fillMergeFields(source: string, values: MergeValues, context: MergeContext): string {
  return compileMerge(source, context).fill(values);
}

/** The merge field that stands for a value filled later, with its fallback. */
export function mergeField(name: string, fallback?: string): string {
  return fallback ? `{{${name}|${fallback}}}` : `{{${name}}}`;
}
