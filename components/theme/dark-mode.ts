/**
 * Dark mode through the email's own `prefers-color-scheme` styles. Components
 * tag elements with these classes; inline styles carry the light palette, and
 * the media query (with `!important`, to beat inline styles) the dark one.
 * `[data-ogsc]` and `[data-ogsb]` are Outlook.com's dark-mode attributes.
 *
 * Body text and text links are the common case, so they need no class: a
 * plain `<p>` takes the text colour and a link inside a paragraph the link
 * colour (any class on the element is more specific and wins).
 */
import type { Palette, Theme } from './theme.ts';
import { fontStyles } from './base-styles.ts';

/** Class names that switch an element to the dark palette. */
export const DARK = {
  canvas: 'dsp-canvas',
  surface: 'dsp-surface',
  highlight: 'dsp-highlight',
  text: 'dsp-text',
  muted: 'dsp-muted',
  heading: 'dsp-heading',
  accent: 'dsp-accent',
  link: 'dsp-link',
  border: 'dsp-border',
} as const;

const rules = (palette: Palette, prefix = ''): string[] => [
  `${prefix}.${DARK.canvas}{background-color:${palette.canvas}!important}`,
  `${prefix}.${DARK.surface}{background-color:${palette.surface}!important}`,
  `${prefix}.${DARK.highlight}{background-color:${palette.highlight}!important}`,
  `${prefix}p,${prefix}.${DARK.text}{color:${palette.text}!important}`,
  `${prefix}.${DARK.muted}{color:${palette.muted}!important}`,
  `${prefix}.${DARK.heading}{color:${palette.heading}!important}`,
  `${prefix}.${DARK.accent}{color:${palette.accent}!important}`,
  `${prefix}p a,${prefix}.${DARK.link}{color:${palette.link}!important}`,
  `${prefix}.${DARK.border}{border-color:${palette.border}!important}`,
];

/** The `<style>` content: the fonts, the dark palette under the media query and for Outlook.com, plus mobile tweaks. */
export function themeStyles(theme: Theme): string {
  const dark = theme.dark;
  return [
    fontStyles(theme),
    ':root{color-scheme:light dark;supported-color-schemes:light dark}',
    `@media (prefers-color-scheme: dark){${rules(dark).join('')}}`,
    rules(dark, '[data-ogsc] ').filter((r) => !r.includes('background')).join(''),
    rules(dark, '[data-ogsb] ').filter((r) => r.includes('background')).join(''),
    `@media only screen and (max-width:${theme.widths.content}px){.dsp-gutter>tbody>tr>td{padding-left:${theme.space.md}px!important;padding-right:${theme.space.md}px!important}.dsp-stack{display:block!important;width:100%!important}}`,
  ].join('\n');
}
