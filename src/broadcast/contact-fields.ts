/**
 * What a subscriber row becomes as a Resend contact, made safe first.
 *
 * Resend's broadcast merge tags are triple-brace (`{{{FIRST_NAME|there}}}`,
 * `{{{RESEND_UNSUBSCRIBE_URL}}}`, as its API examples write them), the
 * Handlebars/Mustache form that inserts a value as-is, and Resend documents
 * no escaping for them. So a first name of `<a href=…>` would be live markup
 * in every message, and `x" onmouseover="…` would leave an attribute. We
 * cannot escape at send time (Resend fills the tags), so values are
 * neutralised at sync time: markup characters, merge-tag braces, double
 * quotes and backticks are removed, an ASCII apostrophe becomes a typographic
 * one (O'Neil stays O’Neil and no attribute can end on it), control
 * characters become spaces. Names lose nothing real. (Broadcast HTML also
 * keeps merge tags out of attributes: see merge-tags.ts.)
 */
import { createHash } from 'node:crypto';

/** Resend property keys: letters, digits and underscores, at most 50 characters. */
const PROPERTY_KEY = /^[A-Za-z0-9_]{1,50}$/;
/** Contact fields Resend has by name; the rest of the columns become properties. */
const NAMED = new Set(['first_name', 'last_name', 'email', 'unsubscribed']);
/** Whether an audience column becomes a Resend contact property (not a named field, and a valid key). */
export const isPropertyColumn = (column: string): boolean => !NAMED.has(column) && PROPERTY_KEY.test(column);

/** Markup, merge-tag braces, and the quotes that end an attribute value (backticks did in old Internet Explorer). */
const MARKUP = /[<>{}"`]/g;
/** C0 and C1 controls, and the line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/gu;

export type NeutralisedValue = Readonly<{ value: string; changed: boolean }>;

/** Removes what could become markup, a merge tag or the end of an attribute when Resend inserts the value raw. */
export function neutralise(raw: string): NeutralisedValue {
  const value = raw.replace(CONTROL, ' ').replace(MARKUP, '').replaceAll("'", '’').replace(/\s+/g, ' ').trim();
  return { value, changed: value !== raw.trim() };
}

export type DesiredContact = Readonly<{
  email: string;
  firstName?: string;
  lastName?: string;
  /** Only ever true: a sync never re-subscribes someone who unsubscribed through Resend. */
  unsubscribed: boolean;
  properties: Readonly<Record<string, string>>;
  /** Column names whose values were neutralised. */
  neutralised: readonly string[];
}>;

export function desiredContact(email: string, fields: Readonly<Record<string, string>>, unsubscribed: boolean): DesiredContact {
  const neutralised: string[] = [];
  const clean = (column: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    const result = neutralise(raw);
    if (result.changed) neutralised.push(column);
    return result.value || undefined;
  };
  const properties: Record<string, string> = {};
  for (const [column, raw] of Object.entries(fields)) {
    if (!isPropertyColumn(column)) continue;
    const value = clean(column, raw);
    if (value !== undefined) properties[column] = value;
  }
  const contact = { email, firstName: clean('first_name', fields.first_name), lastName: clean('last_name', fields.last_name), unsubscribed, properties, neutralised };
  return contact;
}

/** Identifies what was synced: an unchanged row is not sent again. */
export function contactHash(contact: DesiredContact): string {
  const { email, firstName, lastName, unsubscribed, properties } = contact;
  const sorted = Object.fromEntries(Object.entries(properties).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify([email, firstName ?? null, lastName ?? null, unsubscribed, sorted])).digest('base64url').slice(0, 22);
}
