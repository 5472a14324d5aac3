/**
 * The colours a reader sees, worked out from the HTML itself: inline styles for
 * the light palette, and for the dark palette the email's own
 * `@media (prefers-color-scheme: dark)` rules applied over them the way the
 * cascade does (a matching rule with !important beats the element's inline
 * style; an element that sets its colour inline and matches no dark rule keeps
 * its light colour in dark mode, which is how a dark-mode defect looks).
 */
import { compile } from 'css-select';
import { ancestors, byTag, inlineStyle, parseDeclarations, rawText, type Element, type ParsedHtml, type Text } from './html.ts';

export type Rgb = readonly [number, number, number];
export type Mode = 'light' | 'dark';

const NAMED: Record<string, string> = { white: '#ffffff', black: '#000000', red: '#ff0000', blue: '#0000ff', green: '#008000', gray: '#808080', grey: '#808080' };

/** `#abc`, `#aabbcc`, `rgb(1, 2, 3)` or a few names; undefined for anything else (transparent, gradients, variables). */
export function parseColor(value: string): Rgb | undefined {
  const name = value.trim().toLowerCase();
  const v = (Object.hasOwn(NAMED, name) ? NAMED[name]! : name).trim().toLowerCase();
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(v);
  if (m) return [parseInt(m[1]! + m[1]!, 16), parseInt(m[2]! + m[2]!, 16), parseInt(m[3]! + m[3]!, 16)];
  m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(v);
  if (m) return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
  m = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)\s*(?:[,/]\s*(1|1\.0+|100%)\s*)?\)$/.exec(v);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  return undefined;
}

/** The first colour in a `background` shorthand. */
function colorIn(value: string): Rgb | undefined {
  for (const part of value.split(/\s+(?![^(]*\))/)) {
    const color = parseColor(part);
    if (color) return color;
  }
  return undefined;
}

/** WCAG 2 relative luminance. */
function luminance([r, g, b]: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export const hex = ([r, g, b]: Rgb): string => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`.toUpperCase();

/** A rule of the dark palette: a selector, how strongly it applies, and the colours it sets. */
export type DarkRule = Readonly<{ matches: (el: Element) => boolean; specificity: number; order: number; color?: Rgb; background?: Rgb }>;

/** Selector specificity as one number (ids, then classes/attributes/pseudo-classes, then types); enough for the email's own rules. */
export function specificity(selector: string): number {
  const ids = selector.match(/#[\w-]+/g)?.length ?? 0;
  const classes = selector.match(/\.[\w-]+|\[[^\]]*\]|:(?!:)[\w-]+/g)?.length ?? 0;
  const types = selector.replace(/\[[^\]]*\]|\.[\w-]+|#[\w-]+|:+[\w-]+/g, '').match(/[a-z][\w-]*/gi)?.length ?? 0;
  return ids * 10_000 + classes * 100 + types;
}

/** The rules inside `@media (prefers-color-scheme: dark)` blocks that set a colour or a background. */
export function darkRules(html: ParsedHtml): DarkRule[] {
  const rules: DarkRule[] = [];
  for (const style of byTag(html, 'style')) {
    const css = rawText(style);
    for (const block of mediaBlocks(css, /prefers-color-scheme\s*:\s*dark/i)) {
      for (const [, selectors, body] of block.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
        const declarations = parseDeclarations(body!);
        const color = declarations.get('color');
        const background = declarations.get('background-color') ?? declarations.get('background');
        if (!color && !background) continue;
        for (const selector of selectors!.split(',').map((s) => s.trim()).filter(Boolean)) {
          let matches: (el: Element) => boolean;
          try {
            matches = compile(selector) as (el: Element) => boolean;
          } catch {
            continue; // a selector css-select cannot read is not one the reader's client applies to our markup either
          }
          rules.push({
            matches,
            specificity: specificity(selector),
            order: rules.length,
            ...(color && parseColor(color) ? { color: parseColor(color) } : {}),
            ...(background && colorIn(background) ? { background: colorIn(background) } : {}),
          });
        }
      }
    }
  }
  return rules;
}

/** The contents of `@media … { … }` blocks whose condition matches. */
function mediaBlocks(css: string, condition: RegExp): string[] {
  const blocks: string[] = [];
  for (let at = css.indexOf('@media'); at >= 0; at = css.indexOf('@media', at + 1)) {
    const open = css.indexOf('{', at);
    if (open < 0) break;
    if (!condition.test(css.slice(at, open))) continue;
    let depth = 0;
    for (let i = open; i < css.length; i++) {
      if (css[i] === '{') depth++;
      else if (css[i] === '}' && --depth === 0) {
        blocks.push(css.slice(open + 1, i));
        break;
      }
    }
  }
  return blocks;
}

const UA_DEFAULTS: Record<Mode, { color: Rgb; background: Rgb; link: Rgb }> = {
  light: { color: [0, 0, 0], background: [255, 255, 255], link: [0, 0, 238] },
  dark: { color: [255, 255, 255], background: [18, 18, 18], link: [158, 158, 255] },
};

/**
 * The colour an element sets for itself in a mode, if any. In dark mode the
 * most specific matching dark rule wins (they are all !important, so they beat
 * the inline style); otherwise the inline style, else the parent's is inherited.
 */
function ownColor(el: Element, mode: Mode, rules: readonly DarkRule[], key: 'color' | 'background'): Rgb | undefined {
  if (mode === 'dark') {
    let best: DarkRule | undefined;
    for (const rule of rules) {
      if (!rule[key] || !rule.matches(el)) continue;
      if (!best || rule.specificity > best.specificity || (rule.specificity === best.specificity && rule.order > best.order)) best = rule;
    }
    if (best) return best[key];
  }
  const style = inlineStyle(el);
  if (key === 'color') {
    const value = style.get('color');
    return value ? parseColor(value) : undefined;
  }
  const value = style.get('background-color') ?? style.get('background') ?? el.attribs.bgcolor;
  return value ? colorIn(value) : undefined;
}

export type TextColors = Readonly<{ foreground: Rgb; background: Rgb }>;

/** The foreground and background of a text node in a mode. */
export function colorsOf(text: Text, mode: Mode, rules: readonly DarkRule[]): TextColors {
  const chain = ancestors(text);
  let foreground: Rgb | undefined;
  for (const el of chain) {
    foreground = ownColor(el, mode, rules, 'color') ?? (el.name === 'a' ? UA_DEFAULTS[mode].link : undefined);
    if (foreground) break;
  }
  let background: Rgb | undefined;
  for (const el of chain) {
    background = ownColor(el, mode, rules, 'background');
    if (background) break;
  }
  return { foreground: foreground ?? UA_DEFAULTS[mode].color, background: background ?? UA_DEFAULTS[mode].background };
}

/** The computed font size of a text node in px (inline `font-size` of the nearest element that sets one; 16 px by default). */
export function fontSizeOf(text: Text): number | undefined {
  for (const el of ancestors(text)) {
    const value = inlineStyle(el).get('font-size');
    if (!value) continue;
    const m = /^(\d+(?:\.\d+)?)(px|pt)?$/.exec(value.trim());
    if (!m) return undefined; // em, %, keywords: relative sizes are not judged here
    return m[2] === 'pt' ? (Number(m[1]) * 4) / 3 : Number(m[1]);
  }
  return 16;
}
