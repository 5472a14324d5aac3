/**
 * Client support: caniemail's data (caniemail.com) against the clients most of
 * our readers use, minus the reviewed allowlist; plus what no mail client runs
 * (scripts, forms, external stylesheets, data: URIs) and the two Outlook idioms
 * that break silently (unbalanced conditional comments, VML without namespaces).
 */
import { createRequire } from 'node:module';
import { caniemail, rawData } from 'caniemail';
import { allowlisted, CANIEMAIL_ALLOWLIST, type AllowlistEntry } from './caniemail-allowlist.ts';
import { byTag, conditionalComments, rawText, type ParsedHtml } from './html.ts';
import { allOf, finding, type Check, type Finding, type NamedCheck, type ToolVersion } from './types.ts';

/** Gmail, Outlook, Apple Mail and Yahoo, every platform caniemail knows for them. */
export const CLIENTS = ['gmail.*', 'outlook.*', 'apple-mail.*', 'yahoo.*'] as const;

/** caniemail's errors (unsupported features) not accepted by the allowlist: one finding per feature. */
export function caniemailFindings(html: ParsedHtml, allowlist: readonly AllowlistEntry[] = CANIEMAIL_ALLOWLIST): Finding[] {
  const result = caniemail({ clients: [...CLIENTS], html: html.source });
  const byFeature = new Map<string, { clients: Set<string>; where: string }>();
  for (const [client, issues] of result.issues.errors) {
    for (const issue of issues) {
      if (allowlisted(issue.title, client, allowlist)) continue;
      const entry = byFeature.get(issue.title) ?? { clients: new Set<string>(), where: positionOf(issue.position) };
      entry.clients.add(client);
      byFeature.set(issue.title, entry);
    }
  }
  return [...byFeature].map(([feature, { clients, where }]) =>
    finding('client-support.caniemail', 'error', `${feature} is not supported in ${[...clients].sort().join(', ')} (caniemail); mend the component, or review and allowlist it with a reason`, where),
  );
}

/** caniemail reports CSS inside <style> relative to the style sheet (it sets `source`), everything else relative to the HTML. */
function positionOf(position: { start: { line: number; column: number }; source?: string } | undefined): string {
  if (!position) return 'html';
  return position.source !== undefined ? `html:<style> ${position.start.line}:${position.start.column}` : `html:${position.start.line}:${position.start.column}`;
}

/** Markup no mail client runs or loads. */
export function forbiddenMarkup(html: ParsedHtml): Finding[] {
  const findings: Finding[] = [];
  for (const el of byTag(html, 'script')) findings.push(finding('client-support.script', 'error', '<script> is stripped by every mail client (and flags the message as suspicious)', html.where(el)));
  for (const el of byTag(html, 'form')) findings.push(finding('client-support.form', 'error', '<form> does not work in most mail clients; link to a web page instead', html.where(el)));
  for (const el of byTag(html, 'link')) {
    if (/\bstylesheet\b/i.test(el.attribs.rel ?? '')) findings.push(finding('client-support.external-stylesheet', 'error', `external stylesheet ${el.attribs.href ?? ''} is not loaded by mail clients; inline the styles`, html.where(el)));
  }
  for (const el of byTag(html, 'style')) {
    const css = rawText(el);
    if (/@import\b/i.test(css)) findings.push(finding('client-support.external-stylesheet', 'error', '@import of an external stylesheet is not loaded by mail clients', html.where(el)));
    if (/url\(\s*['"]?\s*data:/i.test(css)) findings.push(finding('client-support.data-uri', 'error', 'data: URI in <style>: Gmail and Outlook block them; host the file on https', html.where(el)));
  }
  for (const el of html.elements) {
    for (const [name, value] of Object.entries(el.attribs)) {
      if (/^\s*data:/i.test(value) || (name === 'style' && /url\(\s*['"]?\s*data:/i.test(value))) {
        findings.push(finding('client-support.data-uri', 'error', `data: URI in ${el.name}[${name}]: Gmail and Outlook block them; host the file on https`, html.where(el)));
      }
    }
  }
  return findings;
}

/** `<!--[if …]>` openers and `<![endif]-->` closers pair up, including the `<!--[if !mso]><!-->` form. */
export function conditionalCommentBalance(html: ParsedHtml): Finding[] {
  const token = /<!--\[if [^\]]*\]>|<!\[endif\]-->/g;
  let depth = 0;
  for (let match = token.exec(html.source); match; match = token.exec(html.source)) {
    depth += match[0].startsWith('<!--[if') ? 1 : -1;
    if (depth < 0) return [finding('client-support.mso-unbalanced', 'error', '<![endif]--> without a matching <!--[if …]>: Outlook may hide or show the wrong content', html.whereAt(match.index))];
  }
  return depth === 0 ? [] : [finding('client-support.mso-unbalanced', 'error', `${depth} conditional comment(s) <!--[if …]> never closed with <![endif]-->: Outlook hides everything after`, 'html')];
}

/** The namespaces Outlook needs on <html> to draw VML (`v:`) and Office (`o:`) elements. */
const NAMESPACES: Record<string, string> = { v: 'urn:schemas-microsoft-com:vml', o: 'urn:schemas-microsoft-com:office:office' };

export function vmlNamespaces(html: ParsedHtml): Finding[] {
  const root = byTag(html, 'html')[0];
  const findings: Finding[] = [];
  for (const [prefix, urn] of Object.entries(NAMESPACES)) {
    if (!new RegExp(`<${prefix}:[a-z]`, 'i').test(html.source)) continue;
    if (root?.attribs[`xmlns:${prefix}`] !== urn) {
      findings.push(finding('client-support.vml-namespace', 'error', `<${prefix}:…> elements are used but <html> lacks xmlns:${prefix}="${urn}"; Outlook will not draw them`, root ? html.where(root) : 'html'));
    }
  }
  // Prefixes declared only on the element that uses them (as the button does for w:) are fine; undeclared ones are not.
  for (const comment of conditionalComments(html)) {
    for (const el of comment.inner.elements) {
      const prefix = /^([a-z]+):/.exec(el.name)?.[1];
      if (!prefix || prefix in NAMESPACES) continue;
      const declared = new RegExp(`xmlns:${prefix}=`).test(comment.inner.source) || root?.attribs[`xmlns:${prefix}`];
      if (!declared) findings.push(finding('client-support.vml-namespace', 'error', `<${el.name}> uses the undeclared namespace prefix ${prefix}:`, html.where(comment.node)));
    }
  }
  return findings;
}

const require = createRequire(import.meta.url);

/** caniemail's package version and the date of the support data it carries. */
export function caniemailVersion(): ToolVersion {
  const { version } = require('caniemail/package.json') as { version: string };
  return { name: 'caniemail', version, dataDate: rawData.last_update_date.slice(0, 10) };
}

/** The clients CLIENTS matches among those caniemail's data knows, sorted (`gmail.android`, …). */
export function coveredClients(): string[] {
  const known = new Set<string>();
  for (const feature of rawData.data) for (const [family, platforms] of Object.entries(feature.stats ?? {})) for (const platform of Object.keys(platforms ?? {})) known.add(`${family}.${platform}`);
  const wanted = CLIENTS.map((glob) => glob.replace(/\.\*$/, '.'));
  return [...known].filter((client) => wanted.some((prefix) => client.startsWith(prefix))).sort();
}

export const CLIENT_SUPPORT_CHECKS: readonly NamedCheck[] = [
  {
    id: 'client-support.caniemail',
    title: 'HTML and CSS features the clients support (caniemail, minus the reviewed allowlist)',
    version: caniemailVersion,
    covers: () => ({ what: `HTML part and its <style> blocks, against ${CLIENTS.join(', ')}`, clients: coveredClients() }),
    run: (ctx) => caniemailFindings(ctx.html),
  },
  { id: 'client-support.forbidden-markup', title: 'no script, form, external stylesheet or data: URI', covers: () => ({ what: 'HTML part, <style> blocks and every attribute' }), run: (ctx) => forbiddenMarkup(ctx.html) },
  { id: 'client-support.mso-conditionals', title: "Outlook's conditional comments balanced", covers: () => ({ what: 'HTML part' }), run: (ctx) => conditionalCommentBalance(ctx.html) },
  { id: 'client-support.vml-namespaces', title: 'VML and Office elements with their namespaces', covers: () => ({ what: 'HTML part, inside conditional comments too' }), run: (ctx) => vmlNamespaces(ctx.html) },
];

export const clientSupportChecks: Check = allOf(CLIENT_SUPPORT_CHECKS);
