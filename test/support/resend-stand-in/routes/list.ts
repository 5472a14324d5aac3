/**
 * Cursor pagination shared by the list endpoints: newest first, `limit`
 * 1–100 (the spec's PaginationLimit), `after` / `before` an item id. Without
 * `limit` the whole list is answered, as Resend documents for its list
 * endpoints.
 */
import { validationError } from '../errors.ts';

export interface ListAnswer<T> {
  object: 'list';
  has_more: boolean;
  data: T[];
}

export function listPage<T extends { id: string }>(items: Iterable<T>, query: URLSearchParams): ListAnswer<T> {
  const newestFirst = [...items].reverse();
  const limit = parseLimit(query.get('limit'));
  const after = query.get('after');
  const before = query.get('before');
  if (after && before) throw validationError('Invalid query: use either `after` or `before`, not both.');

  let start = 0;
  let end = newestFirst.length;
  if (after) start = indexOrFail(newestFirst, after, 'after') + 1;
  if (before) end = indexOrFail(newestFirst, before, 'before');
  if (limit !== null) {
    if (before) start = Math.max(0, end - limit);
    else end = Math.min(end, start + limit);
  }
  const hasMore = before ? start > 0 : end < newestFirst.length;
  return { object: 'list', has_more: hasMore, data: newestFirst.slice(start, end) };
}

function parseLimit(raw: string | null): number | null {
  if (raw === null) return null;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw validationError('Invalid `limit` parameter: must be an integer from 1 to 100.');
  }
  return limit;
}

function indexOrFail(items: Array<{ id: string }>, id: string, parameter: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) throw validationError(`Invalid \`${parameter}\` parameter: no item with id ${id}.`);
  return index;
}
