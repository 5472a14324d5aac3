/** Values derived from the brand file. */
import type { Brand } from './content-schema.ts';
import { RESERVED_FIELDS, TOKEN_PLACEHOLDER, mergeField } from './merge-fields.ts';

/** The brand's unsubscribe page without a token: where the link points when no recipient is known. */
export function unsubscribePageUrl(brand: Brand): string {
  const url = new URL(brand.unsubscribe.url.replace(TOKEN_PLACEHOLDER, ''));
  for (const [key, value] of [...url.searchParams]) if (value === '') url.searchParams.delete(key);
  return url.toString();
}

/** The brand's unsubscribe URL with a recipient's signed token in place. */
export function unsubscribeUrlFor(brand: Brand, token: string): string {
  return brand.unsubscribe.url.replace(TOKEN_PLACEHOLDER, encodeURIComponent(token));
}

/** The merge field a rendered issue carries where each recipient's unsubscribe link goes. */
export function unsubscribeMergeField(brand: Brand): string {
  return mergeField(RESERVED_FIELDS.unsubscribeUrl, unsubscribePageUrl(brand));
}

/** The year an issue's copyright line names. */
export function copyrightYear(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}
