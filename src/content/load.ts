/**
 * Reads content files (issues and the brand) and validates them against the
 * schema, reporting every problem with its file, line and field path.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { ContentError, DispatchError } from '../errors/errors.ts';
import { didYouMean } from '../errors/did-you-mean.ts';
import { brandSchema, issueSchema, type Brand, type Issue } from './content-schema.ts';
import { withArchiveWebUrl } from './issue-url.ts';
import type { LoadedIssue } from './issue.ts';

export type { LoadedIssue } from './issue.ts';

export type LoadIssueOptions = Readonly<{
  /** Brand file. Default: `content/brand.yaml` next to the issue's `issues/` folder, else in the working directory. */
  brandPath?: string;
}>;

type PathSegment = string | number;

/** `sections[0].cards[2].link.url` */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), '');
}

/** Issue and brand files are a few kilobytes; a bigger one is the wrong file, and parsing it could exhaust memory. */
export const MAX_CONTENT_FILE_MB = 1;
const MAX_CONTENT_FILE_BYTES = MAX_CONTENT_FILE_MB * 1_000_000;

function readUtf8(file: string): string {
  let bytes: Buffer;
  try {
    // Measured before reading: a 150 MB file would take gigabytes to be refused.
    const { size } = statSync(file);
    if (size > MAX_CONTENT_FILE_BYTES) {
      const mb = (size / 1_000_000).toFixed(1);
      throw new DispatchError(`${file}: the file is ${mb} MB, more than the ${MAX_CONTENT_FILE_MB} MB a content file may be; check that it is the file you meant`);
    }
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof DispatchError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code})`;
    throw new DispatchError(`${file}: ${reason}`, { hint: 'check the path' });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new DispatchError(`${file}:${at.line}: the file is not valid UTF-8`, { hint: 'save it as UTF-8 in your editor' });
  }
}

function firstInvalidUtf8(bytes: Buffer): { line: number } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) line++;
    if (bytes[i]! >= 0x80) {
      let end = i + 1;
      while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end++;
      try {
        decoder.decode(bytes.subarray(i, end));
      } catch {
        return { line };
      }
      i = end - 1;
    }
  }
  return { line };
}

type ParsedYaml = Readonly<{ doc: Document.Parsed; lines: LineCounter; data: unknown }>;

function parseYaml(file: string, source: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const line = e.linePos?.[0]?.line ?? 1;
      return `${file}:${line}: ${e.message.split('\n')[0]} (fix the YAML syntax: check indentation, colons and quotes)`;
    });
    throw new ContentError(file, problems);
  }
  return { doc, lines, data: doc.toJS({ maxAliasCount: 100 }) };
}

/** The line a field's value (or, for an unknown field, its key) starts on. */
function lineOf(parsed: ParsedYaml, segments: readonly PathSegment[], key?: string): number {
  for (let depth = segments.length; depth >= 0; depth--) {
    const node = parsed.doc.getIn(segments.slice(0, depth), true) as Node | undefined;
    if (!node?.range) continue;
    if (key !== undefined && depth === segments.length && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      const keyNode = pair?.key as Node | undefined;
      if (keyNode?.range) return parsed.lines.linePos(keyNode.range[0]).line;
    }
    return parsed.lines.linePos(node.range[0]).line;
  }
  return 1;
}

function valueAt(data: unknown, segments: readonly PathSegment[]): unknown {
  let value = data;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

/** Field names a (possibly nested) object schema accepts at a path, for "did you mean". */
function knownKeys(schema: z.ZodType, segments: readonly PathSegment[], data: unknown): string[] {
  let current: any = schema;
  let value: any = data;
  const unwrap = () => {
    for (;;) {
      const def = current?._zod?.def;
      if (!def) return;
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') current = def.innerType;
      else if (def.type === 'pipe') current = def.in;
      else if (def.type === 'union') {
        const options: any[] = def.options;
        current =
          options.find((o) => {
            const shape = o?._zod?.def?.shape;
            return shape && Object.entries(shape).some(([k, s]: [string, any]) => s?._zod?.def?.type === 'literal' && s._zod.def.values.includes(value?.[k]));
          }) ?? options[0];
      } else return;
    }
  };
  unwrap();
  for (const segment of segments) {
    const def = current?._zod?.def;
    if (def?.type === 'object') current = def.shape[segment];
    else if (def?.type === 'array') current = def.element;
    else return [];
    value = value?.[segment];
    unwrap();
  }
  const shape = current?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

function suggestion(key: string, known: readonly string[]): string {
  return didYouMean(key, known) ?? (known.length > 0 ? `remove it (allowed here: ${known.join(', ')})` : 'remove it');
}

function problemLines(file: string, parsed: ParsedYaml, schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const segments = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, segments, parsed.data);
      for (const key of issue.keys) {
        const where = formatPath([...segments, key]);
        lines.push(`${file}:${lineOf(parsed, segments, key)}: ${where}: unknown field; ${suggestion(key, known)}`);
      }
      continue;
    }
    const where = formatPath(segments) || '(top level)';
    const value = valueAt(parsed.data, segments);
    let message = issue.message;
    if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) message = 'is required; add it';
    else if (issue.code === 'invalid_type') message = `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`} (got ${describe(value)})`;
    else if (issue.code === 'invalid_value') message = `must be one of: ${issue.values.map(String).join(', ')} (got ${describe(value)})`;
    lines.push(`${file}:${lineOf(parsed, segments)}: ${where}: ${message}`);
  }
  return [...new Set(lines)];
}

function parseWith<T>(file: string, schema: z.ZodType<T>): T {
  const parsed = parseYaml(file, readUtf8(file));
  const result = schema.safeParse(parsed.data ?? {});
  if (!result.success) throw new ContentError(file, problemLines(file, parsed, schema, result.error.issues));
  return result.data;
}

/** Reads and validates the brand file. */
export function loadBrand(file: string): Brand {
  return parseWith(file, brandSchema);
}

/** Validates an issue file's content without its brand. */
export function loadIssueContent(file: string): Issue {
  return parseWith(file, issueSchema);
}

/** Where the brand file is for an issue file: `../brand.yaml` from `content/issues/`, else `content/brand.yaml`. */
export function defaultBrandPath(issueFile: string): string {
  const beside = path.join(path.dirname(path.resolve(issueFile)), '..', 'brand.yaml');
  // Looked at, not read: the brand is read (and its size checked) once, by loadBrand.
  return statSync(beside, { throwIfNoEntry: false })?.isFile() ? beside : path.resolve('content', 'brand.yaml');
}

/** An issue's slug: its file name without `.yaml`. */
export const slugOf = (file: string): string => path.basename(file).replace(/\.ya?ml$/i, '');

/** Reads an issue file and its brand, throwing a ContentError that lists every problem. */
export function loadIssue(file: string, options: LoadIssueOptions = {}): LoadedIssue {
  const brandPath = options.brandPath ?? defaultBrandPath(file);
  const problems: string[] = [];
  let issue: Issue | undefined;
  let brand: Brand | undefined;
  try {
    issue = loadIssueContent(file);
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    problems.push(...error.problems);
  }
  const brandFile = path.relative(process.cwd(), brandPath) || brandPath;
  try {
    brand = loadBrand(brandFile);
  } catch (error) {
    if (!(error instanceof DispatchError)) throw error;
    problems.push(...(error.problems.length > 0 ? error.problems : [error.message]));
  }
  if (!issue || !brand) throw new ContentError(file, problems);
  const slug = slugOf(file);
  // "View in browser" points at the issue's archive page unless the file names another page.
  return { ...withArchiveWebUrl(issue, brand, slug), brand, slug, sourcePath: file, brandPath: brandFile };
}
