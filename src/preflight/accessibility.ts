/**
 * Accessibility, after the Email Markup Consortium's accessibility criteria:
 * language and direction where webmail keeps them, a title, layout tables
 * marked as presentation, alt text, one h1 and no skipped heading levels,
 * links that say where they go, contrast in both palettes and a readable size.
 * axe-core in Chromium adds its own rules on top (see axe.ts).
 */
import { DomUtils } from 'htmlparser2';
import { accessibleName, ancestors, byTag, collapseSpace, visibleText, visibleTextNodes, type Element, type ParsedHtml } from './html.ts';
import { colorsOf, contrastRatio, darkRules, fontSizeOf, hex, type Mode } from './contrast.ts';
import { allOf, finding, type Check, type Finding, type NamedCheck, type PreflightContext } from './types.ts';

export const MIN_CONTRAST = 4.5;
export const MIN_FONT_PX = 14;

/**
 * Link texts that say nothing out of context when they are the whole link
 * (normalised: lower case, no punctuation), in English and French. Kept to the
 * phrases no one uses for anything else; "Read more about X" passes.
 */
export const VAGUE_LINK_TEXTS: ReadonlySet<string> = new Set([
  'click here', 'click', 'here', 'read more', 'more', 'learn more',
  'cliquez ici', 'cliquer ici', 'ici', 'lire la suite', 'lire plus', 'en savoir plus', 'plus',
]);

const normaliseLinkText = (text: string) =>
  collapseSpace(text.toLowerCase().replace(/[\p{P}\p{S}]+/gu, ' '));

/** Where a finding about some text points: its content field if the text came from one, else the HTML. */
const whereText = (ctx: PreflightContext, text: string, el: Element) => ctx.content.pathOfText(text) ?? ctx.html.where(el);

/** `lang` and `dir` on <html> and on the wrapper around the body content (webmail strips <html> and <body>). */
export function languageAndDirection(html: ParsedHtml): Finding[] {
  const findings: Finding[] = [];
  const root = byTag(html, 'html')[0];
  for (const name of ['lang', 'dir']) {
    if (!root?.attribs[name]?.trim()) findings.push(finding(`accessibility.html-${name}`, 'error', `<html> has no ${name} attribute; screen readers need it to pick a voice and reading order`, root ? html.where(root) : 'html'));
  }
  const body = byTag(html, 'body')[0];
  // The body, or the chain of single wrappers under it (react-email's outer table cell).
  const wrappers: Element[] = [];
  for (let el: Element | undefined = body; el; ) {
    wrappers.push(el);
    const children = el.children.filter((c): c is Element => c.type === 'tag' && !/^(style|script)$/.test(c.name));
    el = children.length === 1 ? children[0] : undefined;
  }
  for (const name of ['lang', 'dir']) {
    if (!wrappers.some((el) => el.attribs[name]?.trim())) {
      findings.push(finding(`accessibility.content-${name}`, 'error', `the body content has no ${name}; Gmail and others drop <html>, so set it on the content wrapper too`, body ? html.where(body) : 'html'));
    }
  }
  return findings;
}

export function title(html: ParsedHtml): Finding[] {
  const el = byTag(html, 'title')[0];
  const text = el ? collapseSpace(DomUtils.textContent(el)) : '';
  return text ? [] : [finding('accessibility.title', 'error', 'the <title> is missing or empty; screen readers announce it when the message opens', el ? html.where(el) : 'html')];
}

/** Tables without header cells or a caption are layout: they need role="presentation" so screen readers do not announce rows and columns. */
export function layoutTables(html: ParsedHtml): Finding[] {
  return byTag(html, 'table')
    .filter((table) => !/^(presentation|none)$/.test(table.attribs.role ?? ''))
    .filter((table) => !DomUtils.findOne((el) => el.name === 'th' || el.name === 'caption', table.children))
    .map((table) => finding('accessibility.layout-table-role', 'error', 'layout <table> without role="presentation"', html.where(table)));
}

export function imageAlt(ctx: PreflightContext): Finding[] {
  const findings: Finding[] = [];
  for (const img of byTag(ctx.html, 'img')) {
    const where = ctx.content.pathOfUrl(img.attribs.src ?? '') ?? ctx.html.where(img);
    if (img.attribs.alt === undefined) {
      findings.push(finding('accessibility.img-alt', 'error', `image ${img.attribs.src ?? ''} has no alt attribute (use alt="" for decoration)`, where));
      continue;
    }
    const link = closestLink(img);
    if (link && !collapseSpace(img.attribs.alt) && !accessibleName(link)) {
      findings.push(finding('accessibility.img-link-alt', 'error', `linked image ${img.attribs.src ?? ''} has empty alt text and the link has no other text: say where the link goes`, where));
    }
  }
  return findings;
}

const closestLink = (el: Element): Element | undefined => ancestors(el).find((a) => a.name === 'a');

export function headings(html: ParsedHtml): Finding[] {
  const findings: Finding[] = [];
  const list = html.elements.filter((el) => /^h[1-6]$/.test(el.name));
  const h1s = list.filter((el) => el.name === 'h1');
  if (h1s.length !== 1) findings.push(finding('accessibility.h1', 'error', `${h1s.length} <h1> elements; an email needs exactly one (its title)`, h1s[1] ? html.where(h1s[1]) : 'html'));
  let previous = 0;
  for (const el of list) {
    const level = Number(el.name[1]);
    if (level > previous + 1) findings.push(finding('accessibility.heading-order', 'error', `<${el.name}> "${visibleText(el).slice(0, 60)}" follows ${previous ? `<h${previous}>` : 'no heading'}: a level is skipped`, html.where(el)));
    previous = level;
  }
  return findings;
}

export function linkText(ctx: PreflightContext): Finding[] {
  const findings: Finding[] = [];
  for (const a of byTag(ctx.html, 'a')) {
    if (!a.attribs.href) continue;
    const name = accessibleName(a);
    const where = ctx.content.pathOfText(name) ?? ctx.content.pathOfUrl(a.attribs.href) ?? ctx.html.where(a);
    if (!name) findings.push(finding('accessibility.link-empty', 'error', `link to ${a.attribs.href} has no text`, where));
    else if (VAGUE_LINK_TEXTS.has(normaliseLinkText(name))) findings.push(finding('accessibility.link-vague', 'error', `link text "${name}" does not say where it goes; name the destination`, where));
  }
  return findings;
}

/** Text contrast at least 4.5:1 in the light and the dark palette; one finding per colour pair. */
export function contrast(ctx: PreflightContext): Finding[] {
  const rules = darkRules(ctx.html);
  const pairs = new Map<string, { mode: Mode; ratio: number; count: number; sample: string; where: string }>();
  for (const text of visibleTextNodes(ctx.html)) {
    for (const mode of ['light', 'dark'] as const) {
      const { foreground, background } = colorsOf(text, mode, rules);
      const ratio = contrastRatio(foreground, background);
      if (ratio >= MIN_CONTRAST) continue;
      const key = `${mode} ${hex(foreground)} ${hex(background)}`;
      const pair = pairs.get(key);
      if (pair) pair.count++;
      else {
        const sample = collapseSpace(text.data);
        pairs.set(key, { mode, ratio, count: 1, sample, where: whereText(ctx, sample, text.parent as Element) });
      }
    }
  }
  return [...pairs].map(([key, p]) => {
    const [, fg, bg] = key.split(' ');
    return finding(
      `accessibility.contrast-${p.mode}`,
      'error',
      `text ${fg} on ${bg} is ${p.ratio.toFixed(2)}:1 in the ${p.mode} palette (needs ${MIN_CONTRAST}:1), ${p.count} place(s), e.g. "${p.sample.slice(0, 50)}"`,
      p.where,
    );
  });
}

/** Visible text at least 14 px. */
export function fontSize(ctx: PreflightContext): Finding[] {
  const sizes = new Map<number, { count: number; sample: string; where: string }>();
  for (const text of visibleTextNodes(ctx.html)) {
    const size = fontSizeOf(text);
    if (size === undefined || size >= MIN_FONT_PX) continue;
    const entry = sizes.get(size);
    if (entry) entry.count++;
    else {
      const sample = collapseSpace(text.data);
      sizes.set(size, { count: 1, sample, where: whereText(ctx, sample, text.parent as Element) });
    }
  }
  return [...sizes].map(([size, s]) =>
    finding('accessibility.font-size', 'error', `text at ${size}px (minimum ${MIN_FONT_PX}px), ${s.count} place(s), e.g. "${s.sample.slice(0, 50)}"`, s.where),
  );
}

const HTML_PART = () => ({ what: 'HTML part' });

export const ACCESSIBILITY_CHECKS: readonly NamedCheck[] = [
  { id: 'accessibility.language', title: 'lang and dir on <html> and on the content wrapper', covers: HTML_PART, run: (ctx) => languageAndDirection(ctx.html) },
  { id: 'accessibility.title', title: 'a <title>', covers: HTML_PART, run: (ctx) => title(ctx.html) },
  { id: 'accessibility.layout-tables', title: 'layout tables marked role="presentation"', covers: HTML_PART, run: (ctx) => layoutTables(ctx.html) },
  { id: 'accessibility.img-alt', title: 'alt text on images (and on linked images without other text)', covers: HTML_PART, run: imageAlt },
  { id: 'accessibility.headings', title: 'one <h1>, no skipped heading level', covers: HTML_PART, run: (ctx) => headings(ctx.html) },
  { id: 'accessibility.link-text', title: 'link text that says where it goes (English and French)', covers: HTML_PART, run: linkText },
  {
    id: 'accessibility.contrast',
    title: `text contrast at least ${MIN_CONTRAST}:1`,
    covers: () => ({ what: "visible text in the HTML part, in the light palette and the dark one (the email's prefers-color-scheme rules)", colourSchemes: ['light', 'dark'] }),
    run: contrast,
  },
  { id: 'accessibility.font-size', title: `text at least ${MIN_FONT_PX} px`, covers: () => ({ what: 'visible text in the HTML part' }), run: fontSize },
];

export const accessibilityChecks: Check = allOf(ACCESSIBILITY_CHECKS);
