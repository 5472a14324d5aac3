/**
 * What the email tests measure inside the page, with the browser's own layout and computed
 * styles. `inspectEmail` runs in Chromium through `page.evaluate`, so it must stay
 * self-contained: no imports, no closures over module scope.
 */

export type LowContrast = Readonly<{ text: string; color: string; background: string; ratio: number }>;

export type EmailInspection = Readonly<{
  /** Width of the layout viewport (what the reader's screen gives the email). */
  viewportWidth: number;
  /** Width of the whole document, overflow included. */
  scrollWidth: number;
  /** Elements reaching past the right (or, in right-to-left, left) edge of the viewport. */
  overflowing: readonly string[];
  /** `<img>` elements without alt text. */
  imagesWithoutAlt: readonly string[];
  /** How many visible text elements were checked for contrast. */
  textsChecked: number;
  /** Visible text under 4.5:1 against its effective background. */
  lowContrast: readonly LowContrast[];
}>;

/** WCAG AA for body text; the issue asks it of every text, large or not. */
export const MIN_CONTRAST = 4.5;

export function inspectEmail(minContrast: number): EmailInspection {
  type Rgba = [number, number, number, number];

  const parse = (value: string): Rgba | undefined => {
    const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(value.trim());
    if (!m) return undefined;
    const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number(m[4].slice(0, -1)) / 100 : Number(m[4]);
    return [Number(m[1]), Number(m[2]), Number(m[3]), alpha];
  };
  /** `top` painted over an opaque `bottom`. */
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  };
  const luminance = ([r, g, b]: Rgba): number => {
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (a: Rgba, b: Rgba): number => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };
  const css = ([r, g, b]: Rgba) => `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
  const describe = (el: Element): string => {
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
    const cls = el.getAttribute('class');
    return `<${el.tagName.toLowerCase()}${cls ? ` class="${cls}"` : ''}>${text ? ` "${text}"` : ''}`;
  };

  // The page's canvas when nothing paints a background: white, or the UA's dark canvas when
  // the document opts into dark (`color-scheme: light dark`) and the reader prefers dark.
  const darkCanvas = matchMedia('(prefers-color-scheme: dark)').matches && getComputedStyle(document.documentElement).colorScheme.includes('dark');
  const canvas: Rgba = darkCanvas ? [18, 18, 18, 1] : [255, 255, 255, 1];

  /** The colour behind an element: its own and its ancestors' backgrounds, composited. */
  const backgroundOf = (el: Element): Rgba => {
    const layers: Rgba[] = [];
    for (let node: Element | null = el; node; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg && bg[3] > 0) {
        layers.push(bg);
        if (bg[3] >= 1) break;
      }
    }
    return layers.reduceRight<Rgba>((below, layer) => over(layer, below), canvas);
  };

  const viewportWidth = document.documentElement.clientWidth;
  const scrollWidth = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const rtl = getComputedStyle(document.body).direction === 'rtl';

  const pastEdge = (el: Element) => {
    const rect = el.getBoundingClientRect();
    return rtl ? rect.left < -0.5 : rect.right > viewportWidth + 0.5;
  };
  // The innermost elements past the edge (a table stretched by its content drags every
  // ancestor along), widest unbreakable content first: that is usually the culprit.
  const culprits: { el: Element; minContent: number }[] = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!el.checkVisibility() || !pastEdge(el) || [...el.children].some(pastEdge)) continue;
    const style = (el as HTMLElement).style;
    const width = style.getPropertyValue('width');
    const priority = style.getPropertyPriority('width');
    style.setProperty('width', 'min-content', 'important');
    const minContent = el.getBoundingClientRect().width;
    style.setProperty('width', width, priority);
    culprits.push({ el, minContent });
  }
  culprits.sort((a, b) => b.minContent - a.minContent);
  const overflowing = culprits
    .slice(0, 8)
    .map(({ el, minContent }) => `${describe(el)} (min-content ${Math.round(minContent)}px)`)
    .concat(culprits.length > 8 ? [`… and ${culprits.length - 8} more`] : []);

  const imagesWithoutAlt = [...document.images].filter((img) => !(img.getAttribute('alt') ?? '').trim()).map((img) => img.outerHTML.slice(0, 120));

  // Every element that directly holds visible, non-blank text.
  const textElements = new Set<Element>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent?.trim() && node.parentElement) textElements.add(node.parentElement);
  }
  const lowContrast: LowContrast[] = [];
  let textsChecked = 0;
  for (const el of textElements) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const style = getComputedStyle(el);
    const background = backgroundOf(el);
    const color = parse(style.color);
    if (!color) continue;
    const ratio = contrast(over(color, background), background);
    textsChecked += 1;
    if (ratio < minContrast) {
      lowContrast.push({ text: describe(el), color: css(color), background: css(background), ratio: Math.round(ratio * 100) / 100 });
    }
  }

  // Alt text is what readers see where images are blocked (Outlook's default): it takes the
  // image's colour (inherited, or the link's around it) on the background behind the image.
  for (const img of document.images) {
    const alt = img.getAttribute('alt')?.trim();
    const color = parse(getComputedStyle(img).color);
    if (!alt || !color || !img.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const background = backgroundOf(img);
    const ratio = contrast(over(color, background), background);
    textsChecked += 1;
    if (ratio < minContrast) {
      lowContrast.push({ text: `alt text of <img> "${alt.slice(0, 60)}"`, color: css(color), background: css(background), ratio: Math.round(ratio * 100) / 100 });
    }
  }

  return { viewportWidth, scrollWidth, overflowing, imagesWithoutAlt, textsChecked, lowContrast };
}
