/**
 * The rendered HTML as the checks read it: one htmlparser2 parse with source
 * offsets (so findings point at `html:LINE:COL`), inline styles as maps, the
 * text a reader sees, and the markup hidden in Outlook's conditional comments.
 */
import { parseDocument, DomUtils } from 'htmlparser2';
import { isComment, isTag, isText, type AnyNode, type Document, type Element, type Text } from 'domhandler';

export type { Element, Text };

export type ParsedHtml = Readonly<{
  source: string;
  document: Document;
  /** Every element in document order. */
  elements: readonly Element[];
  /** `html:LINE:COL` of a node's start in the source. */
  where: (node: AnyNode) => string;
  /** `html:LINE:COL` of an offset in the source. */
  whereAt: (offset: number) => string;
}>;

/** 1-based line and column of every offset, by binary search over line starts. */
export function lineIndex(source: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

export function parseHtml(source: string): ParsedHtml {
  const document = parseDocument(source, { withStartIndices: true, withEndIndices: true });
  const locate = lineIndex(source);
  const whereAt = (offset: number) => {
    const { line, column } = locate(offset);
    return `html:${line}:${column}`;
  };
  const where = (node: AnyNode) => whereAt(node.startIndex ?? 0);
  return { source, document, elements: DomUtils.findAll(() => true, document.children), where, whereAt };
}

export const byTag = (html: ParsedHtml, ...names: string[]): Element[] => html.elements.filter((el) => names.includes(el.name));

/** The text inside an element such as <style> (its text children, joined). */
export const rawText = (el: Element): string => el.children.map((c) => ('data' in c ? c.data : '')).join('');

/** Elements from the node's parent up to the root. */
export function ancestors(node: AnyNode): Element[] {
  const chain: Element[] = [];
  for (let p = node.parent; p && isTag(p); p = p.parent) chain.push(p);
  return chain;
}

/** Splits CSS on a separator outside quotes and parentheses. */
function splitOutside(css: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    const ch = css[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === separator && depth === 0) {
      parts.push(css.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(css.slice(start));
  return parts;
}

/** `color:#fff;font-size:14px` → Map { color → '#fff', font-size → '14px' } (`!important` dropped, last one wins). */
export function parseDeclarations(css: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const declaration of splitOutside(css, ';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).replace(/!\s*important\s*$/i, '').trim();
    if (property && value) out.set(property, value);
  }
  return out;
}

const styleCache = new WeakMap<Element, Map<string, string>>();

/** The element's inline style as a map (cached: contrast and size checks ask for it per text node). */
export function inlineStyle(el: Element): Map<string, string> {
  let style = styleCache.get(el);
  if (!style) {
    style = parseDeclarations(el.attribs.style ?? '');
    styleCache.set(el, style);
  }
  return style;
}

/** Hidden from every reader: `display:none` on the element or an ancestor, or inside `<head>`. */
export function isHidden(node: AnyNode): boolean {
  const chain = isTag(node) ? [node, ...ancestors(node)] : ancestors(node);
  return chain.some((el) => el.name === 'head' || el.name === 'style' || el.name === 'script' || el.name === 'title' || inlineStyle(el).get('display') === 'none');
}

export const collapseSpace = (text: string): string => text.replace(/[\s\u00a0]+/g, ' ').trim();

/** Characters that inboxes use to pad preheaders; not text anyone reads. */
const INVISIBLE = /[\u200b-\u200f\u2060\ufeff\u034f\u00ad]/g;

/** Text nodes a reader sees (not hidden, not whitespace or padding alone). */
export function visibleTextNodes(html: ParsedHtml): Text[] {
  const texts = DomUtils.filter((node) => isText(node), html.document.children, true) as Text[];
  return texts.filter((t) => collapseSpace(t.data.replace(INVISIBLE, '')) !== '' && !isHidden(t));
}

/** The visible text of a subtree, decoded and with whitespace collapsed; `<br>` and blocks separate words. */
export function visibleText(node: AnyNode | Document): string {
  const parts: string[] = [];
  const walk = (n: AnyNode) => {
    if (isText(n)) parts.push(n.data);
    else if (isTag(n)) {
      if (isHidden(n)) return;
      if (n.name === 'br') parts.push(' ');
      n.children.forEach(walk);
      if (/^(p|div|td|th|h[1-6]|li|tr|table)$/.test(n.name)) parts.push(' ');
    }
  };
  if ('children' in node) node.children.forEach(walk);
  return collapseSpace(parts.join('').replace(INVISIBLE, ''));
}

/** A link's accessible name: its text, else the alt text of images in it, else `aria-label`. */
export function accessibleName(el: Element): string {
  const text = visibleText(el);
  if (text) return text;
  const alts = DomUtils.findAll((n) => n.name === 'img', el.children)
    .map((img) => collapseSpace(img.attribs.alt ?? ''))
    .filter(Boolean);
  return alts.join(' ') || collapseSpace(el.attribs['aria-label'] ?? '');
}

export type ConditionalComment = Readonly<{
  /** The condition, e.g. `mso` or `gte mso 9`. */
  condition: string;
  /** The markup inside a downlevel-hidden comment (`<!--[if mso]>…<![endif]-->`), parsed (its positions are relative to the comment: point findings at `node`). */
  inner: ParsedHtml;
  node: AnyNode;
}>;

/** The `<!--[if …]>…<![endif]-->` blocks whose markup only Outlook for Windows reads. */
export function conditionalComments(html: ParsedHtml): ConditionalComment[] {
  const comments = DomUtils.filter((node) => isComment(node), html.document.children, true);
  const out: ConditionalComment[] = [];
  for (const node of comments) {
    if (!isComment(node)) continue;
    const match = /^\[if ([^\]]+)\]>([\s\S]*)<!\[endif\]$/.exec(node.data);
    if (match) out.push({ condition: match[1]!.trim(), inner: parseHtml(match[2]!), node });
  }
  return out;
}
