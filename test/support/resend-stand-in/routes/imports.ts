/**
 * `POST /contacts/imports` (multipart: a CSV `file` plus JSON-encoded
 * `column_map`, `segments`, `topics`, and `on_conflict`), and reading imports
 * back. The stand-in imports synchronously: an import is `completed` (with its
 * counts) by the time the create call answers.
 */
import { randomUUID } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import { notFound, validationError } from '../errors.ts';
import { addressOf, isValidAddress, timestamp, type Contact, type ContactImport } from '../state.ts';
import { applyContactFields, newContact } from './contacts.ts';
import { listPage } from './list.ts';
import { requireSegment } from './segments.ts';
import type { Route, RouteAnswer, RouteContext } from './types.ts';

export const importRoutes: Route[] = [
  { method: 'POST', path: '/contacts/imports', handle: createImport },
  { method: 'GET', path: '/contacts/imports', handle: listImports },
  { method: 'GET', path: '/contacts/imports/{id}', handle: getImport },
];

/** The multipart fields after parsing; `file` is the CSV text. */
interface ImportForm {
  file: string;
  column_map?: string;
  on_conflict?: 'upsert' | 'skip';
  segments?: string;
  topics?: string;
}

interface PropertyColumn {
  column: string;
  type?: 'string' | 'number' | 'boolean';
}

interface ColumnMap {
  email: string;
  first_name?: string;
  last_name?: string;
  unsubscribed?: string;
  properties?: Record<string, PropertyColumn | string>;
}

type Row = Record<string, string>;

function createImport(context: RouteContext): RouteAnswer {
  const form = context.body as ImportForm;
  const rows = readRows(form.file);
  const columns = columnMapOf(form.column_map, rows[0]);
  const segmentIds = jsonField<Array<{ id: string }>>(form.segments, 'segments', []).map((segment) => segment.id);
  const topics = jsonField<Array<{ id?: string; subscription?: string }>>(form.topics, 'topics', []);
  for (const id of segmentIds) requireSegment(context.state, id);

  const counts = { total: rows.length, created: 0, updated: 0, skipped: 0, failed: 0 };
  for (const row of rows) {
    const outcome = importRow(context, row, columns, form.on_conflict ?? 'skip');
    counts[outcome.result] += 1;
    if (outcome.contact) {
      for (const id of segmentIds) outcome.contact.segmentIds.add(id);
      if (topics.length > 0) outcome.contact.topics = topics;
    }
  }
  const created: ContactImport = {
    id: randomUUID(),
    status: 'completed',
    created_at: timestamp(context.now),
    completed_at: timestamp(context.now),
    counts,
  };
  context.state.imports.set(created.id, created);
  return { body: { object: 'contact_import', id: created.id } };
}

function readRows(file: string): Row[] {
  try {
    return parseCsv(file, { columns: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: true }) as Row[];
  } catch (error) {
    throw validationError(`Invalid \`file\` field: not a readable CSV file (${(error as Error).message}).`);
  }
}

function jsonField<T>(raw: string | undefined, field: string, fallback: T): T {
  if (raw === undefined) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw validationError(`Invalid \`${field}\` field: must be JSON-encoded.`);
  }
}

/** Without a `column_map`, columns are found by their field names, ignoring case. */
function columnMapOf(raw: string | undefined, firstRow: Row | undefined): ColumnMap {
  const given = jsonField<Partial<ColumnMap> | null>(raw, 'column_map', null);
  const headers = Object.keys(firstRow ?? {});
  const byName = (name: string) => headers.find((header) => header.toLowerCase() === name);
  const map: ColumnMap = {
    email: given?.email ?? byName('email') ?? '',
    first_name: given?.first_name ?? byName('first_name'),
    last_name: given?.last_name ?? byName('last_name'),
    unsubscribed: given?.unsubscribed ?? byName('unsubscribed'),
    properties: given?.properties,
  };
  if (firstRow && !(map.email in firstRow)) {
    throw validationError('Invalid `column_map` field: the CSV has no email column (map `email` to a column name).');
  }
  return map;
}

function importRow(
  context: RouteContext,
  row: Row,
  columns: ColumnMap,
  onConflict: 'upsert' | 'skip',
): { result: 'created' | 'updated' | 'skipped' | 'failed'; contact?: Contact } {
  const email = row[columns.email]?.trim() ?? '';
  if (!isValidAddress(email, false)) return { result: 'failed' };
  const fields = fieldsOf(row, columns);
  const existing = context.state.findContact(email);
  if (existing && onConflict === 'skip') return { result: 'skipped' };
  if (existing) {
    applyContactFields(context.state, existing, fields);
    return { result: 'updated', contact: existing };
  }
  const contact = newContact({ ...fields, email: addressOf(email) }, context.now);
  context.state.saveContact(contact);
  return { result: 'created', contact };
}

function fieldsOf(row: Row, columns: ColumnMap) {
  const fields: { first_name?: string; last_name?: string; unsubscribed?: boolean; properties?: Record<string, unknown> } = {};
  if (columns.first_name && row[columns.first_name]) fields.first_name = row[columns.first_name];
  if (columns.last_name && row[columns.last_name]) fields.last_name = row[columns.last_name];
  if (columns.unsubscribed && row[columns.unsubscribed]) fields.unsubscribed = isTruthy(row[columns.unsubscribed]!);
  if (columns.properties) fields.properties = propertiesOf(row, columns.properties);
  return fields;
}

function propertiesOf(row: Row, mapping: Record<string, PropertyColumn | string>): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(mapping)) {
    const { column, type = 'string' } = typeof spec === 'string' ? { column: spec } : spec;
    const raw = row[column];
    if (raw === undefined || raw === '') continue;
    properties[key] = type === 'number' ? Number(raw) : type === 'boolean' ? isTruthy(raw) : raw;
  }
  return properties;
}

function isTruthy(value: string): boolean {
  return ['true', '1', 'yes', 'y'].includes(value.trim().toLowerCase());
}

function describeImport(entry: ContactImport): Record<string, unknown> {
  return { object: 'contact_import', ...entry };
}

function listImports(context: RouteContext): RouteAnswer {
  const status = context.query.get('status');
  const imports = [...context.state.imports.values()].filter((entry) => !status || entry.status === status);
  const page = listPage(imports, context.query);
  return { body: { ...page, data: page.data.map(describeImport) } };
}

function getImport(context: RouteContext): RouteAnswer {
  const entry = context.state.imports.get(context.params.id!);
  if (!entry) throw notFound('Contact import');
  return { body: describeImport(entry) };
}
