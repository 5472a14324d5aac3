/** The render command's work: load, render, write both parts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadIssue } from '../content/load.ts';
import { DispatchError } from '../errors/errors.ts';
import type { MergeValues } from '../content/merge-fields.ts';
import { renderIssue } from './render-issue.ts';

export type WrittenFile = Readonly<{ path: string; kilobytes: number }>;

/** Parses `--recipient` JSON: an object of merge-field values. */
export function parseRecipient(json: string): MergeValues {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new DispatchError('--recipient is not valid JSON', { hint: `write it as '{"first_name":"Amina"}'` });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new DispatchError('--recipient must be a JSON object of text values', { hint: `write it as '{"first_name":"Amina"}'` });
  }
  return value as MergeValues;
}

/** Renders an issue file to `<outDir>/<name>.html` and `.txt`; writes nothing if anything fails. `brandPath` as for loadIssue. */
export async function renderIssueToFiles(file: string, options: Readonly<{ outDir: string; recipient?: string; brandPath?: string }>): Promise<WrittenFile[]> {
  const recipient = options.recipient === undefined ? undefined : parseRecipient(options.recipient);
  const issue = loadIssue(file, { brandPath: options.brandPath });
  // Without a recipient, show what a reader with no data would see: the fallbacks.
  const rendered = await renderIssue(issue, recipient ? { recipient } : { fallbacks: true });
  mkdirSync(options.outDir, { recursive: true });
  const base = path.join(options.outDir, issue.slug);
  const files = [
    { path: `${base}.html`, content: rendered.html },
    { path: `${base}.txt`, content: rendered.text },
  ];
  for (const f of files) writeFileSync(f.path, f.content);
  return files.map((f) => ({ path: f.path, kilobytes: Buffer.byteLength(f.content) / 1024 }));
}
