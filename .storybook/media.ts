/**
 * Previews decide the email's media queries themselves.
 *
 * An email's dark palette lives in its own `@media (prefers-color-scheme: dark)` rules (see
 * components/theme/dark-mode.ts). To show exactly those rules when the toolbar says "dark",
 * whatever the designer's operating system prefers, the preview rewrites each
 * `(prefers-color-scheme: …)` feature of the email's CSS into one that is always true or always
 * false. The browser then applies or skips the email's own CSS, untouched otherwise; no filter,
 * no second palette. (Emulating the preference through the iframe's `color-scheme` works in
 * Chromium only; the rewrite works in every browser a designer may use.)
 *
 * An email that declares `color-scheme: light dark` lets the browser pick its own defaults
 * (canvas, text, unstyled links) by the same preference, so that declaration is resolved to the
 * chosen scheme too, as a reader's mail app would resolve it.
 *
 * Components rendered straight into Storybook's page sit in a box narrower than the page, so
 * their `min-width`/`max-width` features are decided against the chosen width the same way.
 */

export type ColorScheme = 'light' | 'dark';

export const COLOR_SCHEMES: readonly ColorScheme[] = ['light', 'dark'];
/** Phone (small, common), desktop mail column, wide screen. */
export const EMAIL_WIDTHS = [320, 375, 600, 1024] as const;

/** Valid in any media query, alone or joined with `and`/`not`. */
const ALWAYS = '(min-width: 0px)';
const NEVER = '(max-width: 0px)';

const COLOR_SCHEME_FEATURE = /\(\s*prefers-color-scheme\s*:\s*(light|dark)\s*\)/gi;
const WIDTH_FEATURE = /\(\s*(min|max)-width\s*:\s*(\d+(?:\.\d+)?)px\s*\)/gi;

/** `color-scheme: light dark` in CSS, or `<meta name="color-scheme" content="light dark">`. */
const BOTH_SCHEMES_PROPERTY = /(\bcolor-scheme\s*:\s*)(?:light\s+dark|dark\s+light)/gi;
const BOTH_SCHEMES_META = /(<meta\s+name="color-scheme"\s+content=")(?:light\s+dark|dark\s+light)(")/gi;

/** The CSS (or a whole HTML document) with its colour-scheme media features and declarations decided for `scheme`. */
export function forceColorScheme(css: string, scheme: ColorScheme): string {
  return css
    .replace(COLOR_SCHEME_FEATURE, (_, wanted: string) => (wanted.toLowerCase() === scheme ? ALWAYS : NEVER))
    .replace(BOTH_SCHEMES_PROPERTY, `$1${scheme}`)
    .replace(BOTH_SCHEMES_META, `$1${scheme}$2`);
}

/** The CSS with its `min-width`/`max-width` media features decided for a box `width` px wide. */
export function forceWidth(css: string, width: number): string {
  return css.replace(WIDTH_FEATURE, (_, bound: string, value: string) => {
    const limit = Number(value);
    return (bound.toLowerCase() === 'min' ? width >= limit : width <= limit) ? ALWAYS : NEVER;
  });
}
