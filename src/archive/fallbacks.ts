/** The archive has no recipient: every merge field shows its fallback (the feed's text; pages fill theirs after rendering). */
import { fillMergeFields } from '../content/merge-fields.ts';

/** A copy of the content with every `{{field|fallback}}` in every string replaced by its fallback. */
export function withFallbacks<T>(value: T): T {
  if (typeof value === 'string') return fillMergeFields(value, {}, 'text') as T;
  if (Array.isArray(value)) return value.map(withFallbacks) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withFallbacks(item)])) as T;
  }
  return value;
}
