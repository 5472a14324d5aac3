/**
 * Markup: the Nu HTML Checker (vnu-jar, the W3C validator) with zero errors,
 * after a filter for the few idioms email needs and the validator reports.
 * One JVM checks every message of a run (it takes 2 to 4 s to start).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { run } from './tools.ts';
import { allOf, finding, type Check, type Finding, type NamedCheck, type PreflightContext, type ToolVersion } from './types.ts';

export type VnuMessage = Readonly<{
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  message: string;
  url?: string;
  firstLine?: number;
  lastLine?: number;
  firstColumn?: number;
  extract?: string;
}>;

const require = createRequire(import.meta.url);
/** The Nu checker's jar, from the optional vnu-jar package (resolved when used: a project may not install it). */
const vnuJar = () => path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

/** The Nu checker's version: vnu-jar's, which is the checker's release (undefined when the package is not installed). */
export function vnuVersion(): ToolVersion {
  try {
    return { name: 'vnu (Nu HTML Checker)', version: (require('vnu-jar/package.json') as { version: string }).version };
  } catch {
    return { name: 'vnu (Nu HTML Checker)' };
  }
}

/**
 * Errors the validator reports for markup that email needs on purpose. Each
 * entry is narrow (one message, and where needed one element) so a real error
 * of the same kind still fails. Warnings and info messages (obsolete table
 * attributes Outlook needs, trailing slashes) are never errors and are ignored.
 */
export const VNU_FILTER: readonly Readonly<{ match: (m: VnuMessage) => boolean; reason: string }>[] = [
  {
    match: (m) => /^(Almost standards mode|Obsolete|Quirky) doctype\b/.test(m.message),
    reason: 'react-email writes the XHTML 1.0 Transitional doctype; Outlook and older clients lay out tables by the rendering mode it gives.',
  },
  {
    match: (m) => /^Attribute “xmlns:(v|o|w)” not allowed here\.$/.test(m.message),
    reason: 'Outlook for Windows draws VML buttons only when <html> declares the v:, o: (and w: for anchorlock) namespaces.',
  },
  {
    match: (m) => /^CSS: “mso-[a-z-]+”: Property “mso-[a-z-]+” doesn't exist\.$/.test(m.message),
    reason: 'mso-* properties are read by Outlook (Word) only; browsers ignore them.',
  },
  {
    match: (m) => /^CSS: “supported-color-schemes”: Property “supported-color-schemes” doesn't exist\.$/.test(m.message),
    reason: "Apple Mail 12-13's pre-standard name for color-scheme, the dark-mode opt-in.",
  },
  {
    match: (m) => /^Element “meta” is missing one or more of the following attributes: “content”/.test(m.message) && (m.extract ?? '').includes('x-apple-disable-message-reformatting'),
    reason: "Apple Mail's flag <meta name=\"x-apple-disable-message-reformatting\"> (written by react-email's Head) has no content by design.",
  },
];

/**
 * A short-lived JVM: the client compiler only and the serial collector start
 * about twice as fast for a handful of documents; vnu's schema needs a deeper
 * thread stack than C1's default.
 */
const JVM_FLAGS = ['-Xss4m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

const isError = (m: VnuMessage) => m.type === 'error' || m.type === 'non-document-error';

/** vnu's errors that are not email idioms. */
export const unfilteredErrors = (messages: readonly VnuMessage[]): VnuMessage[] => messages.filter((m) => isError(m) && !VNU_FILTER.some((f) => f.match(m)));

/** Validates HTML documents in one JVM; messages per document, in order. */
export async function runVnu(documents: readonly string[]): Promise<VnuMessage[][]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-vnu-'));
  try {
    const files = documents.map((html, i) => {
      const file = path.join(dir, `${i}.html`);
      writeFileSync(file, html);
      return file;
    });
    const result = await run('java', [...JVM_FLAGS, '-jar', vnuJar(), '--format', 'json', '--stdout', '--exit-zero-always', ...files]);
    let parsed: { messages: VnuMessage[] };
    try {
      parsed = JSON.parse(result.stdout) as { messages: VnuMessage[] };
    } catch {
      throw new Error(`vnu did not answer in JSON: ${(result.stderr || result.stdout).trim().slice(0, 300)}`);
    }
    const byUrl = new Map(files.map((file) => [pathToFileURL(file).href, [] as VnuMessage[]]));
    for (const message of parsed.messages) {
      const url = message.url?.replace(/^file:\/(?!\/)/, 'file:///');
      byUrl.get(url ?? '')?.push(message);
    }
    return [...byUrl.values()];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function vnuFindings(ctx: PreflightContext): Finding[] {
  if (!ctx.tools.vnu) return [];
  const groups = new Map<string, { count: number; where: string }>();
  for (const m of unfilteredErrors(ctx.tools.vnu)) {
    const group = groups.get(m.message);
    if (group) group.count++;
    else groups.set(m.message, { count: 1, where: `html:${m.firstLine ?? m.lastLine ?? 1}:${m.firstColumn ?? 1}` });
  }
  return [...groups].map(([message, g]): Finding => finding('markup.vnu', 'error', `${message}${g.count > 1 ? ` (${g.count} places)` : ''} (Nu HTML Checker)`, g.where));
}

export const MARKUP_CHECKS: readonly NamedCheck[] = [
  {
    id: 'markup.vnu',
    title: 'the Nu HTML Checker, zero errors after the email-idiom filter',
    tool: 'java',
    covers: () => ({ what: `HTML part, ${VNU_FILTER.length} documented email idioms filtered out` }),
    run: vnuFindings,
  },
];

export const markupChecks: Check = allOf(MARKUP_CHECKS);
