/**
 * The archive's stylesheet, built from the same theme tokens as the email.
 * Colours are CSS custom properties from the light palette, swapped for the
 * dark palette under `prefers-color-scheme: dark`; no colour is written here.
 */
import { px, type Palette, type Theme } from '../../../components/theme/index.ts';

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** `--canvas:#F2F4F3;--surface:…` for every colour of a palette. */
function paletteVariables(palette: Palette): string {
  return Object.entries(palette)
    .map(([name, value]) => `--${kebab(name)}:${value}`)
    .join(';');
}

const color = (name: keyof Palette) => `var(--${kebab(name)})`;

/** The whole stylesheet of every archive page. */
export function archiveStyles(theme: Theme): string {
  const { space, fontSizes: size, lineHeights, fontWeights, fonts, radii, borders } = theme;
  const rule = `${px(borders.hairline)} solid ${color('border')}`;
  const column = px(theme.widths.content + 2 * space.lg);
  const phone = px(theme.widths.content);
  return `
:root{${paletteVariables(theme.colors)};color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{${paletteVariables(theme.dark)}}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:${color('canvas')};color:${color('text')};font-family:${fonts.body};font-size:${px(size.body)};line-height:${lineHeights.body};overflow-wrap:anywhere}
img{max-width:100%;height:auto;display:block}
a{color:${color('link')}}
h1,h2,h3{color:${color('heading')};font-family:${fonts.heading};line-height:${lineHeights.tight};margin:0 0 ${px(space.xs)}}
h1{font-size:${px(size.h1)}}
h2{font-size:${px(size.h2)}}
h3{font-size:${px(size.h3)}}
p{margin:0 0 ${px(space.md)}}
ul,ol{margin:0;padding:0;list-style:none}
.wrap{max-width:${column};margin:0 auto;padding:0 ${px(space.lg)}}
.skip-link{position:absolute;inset-inline-start:${px(space.md)};top:-${px(space.xxl)};background:${color('surface')};padding:${px(space.xs)} ${px(space.sm)};border-radius:${px(radii.button)}}
.skip-link:focus{top:${px(space.xs)}}
.site-header{background:${color('surface')};border-bottom:${rule}}
.site-header .wrap{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:${px(space.sm)};padding-block:${px(space.md)}}
.site-header img{width:${px(theme.widths.logo)}}
.site-nav ul,.footer-links{display:flex;flex-wrap:wrap;gap:${px(space.xs)} ${px(space.md)}}
.site-nav a{font-weight:${fontWeights.bold};text-decoration:none}
.site-nav a:hover,.site-nav a:focus{text-decoration:underline}
main.wrap{padding-top:${px(space.lg)}}
.breadcrumb{font-size:${px(size.small)};color:${color('muted')};margin-bottom:${px(space.md)}}
.breadcrumb ol{display:flex;flex-wrap:wrap}
.breadcrumb li+li::before{content:"›";margin-inline:${px(space.xs)}}
.page{background:${color('surface')};border-radius:${px(radii.card)};padding:${px(space.lg)};margin-bottom:${px(space.lg)}}
.page>*+*{margin-top:${px(space.xl)}}
.meta,.card time,.guest{display:block;color:${color('muted')};font-size:${px(size.small)}}
.standfirst{font-size:${px(size.lead)};margin:${px(space.sm)} 0 0}
.eyebrow{color:${color('accent')};font-size:${px(size.h3)};letter-spacing:0.06em;text-transform:uppercase;margin-bottom:${px(space.md)}}
.podcast img{border-radius:${px(radii.card)};margin-block:${px(space.md)}}
.card+.card{border-top:${rule};margin-top:${px(space.lg)};padding-top:${px(space.lg)}}
.card img{margin-bottom:${px(space.sm)}}
.actions{display:flex;flex-wrap:wrap;gap:${px(space.sm)};margin-bottom:${px(space.sm)}}
.button{display:inline-block;background:${color('buttonBackground')};border:${px(borders.hairline)} solid ${color('buttonBackground')};border-radius:${px(radii.button)};color:${color('buttonText')};font-weight:${fontWeights.bold};padding:${px(space.xs)} ${px(space.lg)};text-decoration:none}
.button.secondary{background:${color('surface')};border-color:${color('link')};color:${color('link')}}
.button:hover,.button:focus{text-decoration:underline}
.callout{background:${color('highlight')};border-inline-start:${px(borders.accent)} solid ${color('accent')};border-radius:${px(radii.card)};padding:${px(space.lg)}}
.appeal{background:${color('highlight')};border-radius:${px(radii.card)};padding:${px(space.lg)}}
.share p{margin-bottom:${px(space.xs)}}
.keep-reading{border-top:${rule};padding-top:${px(space.lg)}}
.keep-reading li{display:flex;gap:${px(space.md)};align-items:flex-start;margin-bottom:${px(space.md)}}
.keep-reading li img{flex:none;width:${px(theme.widths.thumbnail)};border-radius:${px(radii.card)}}
.keep-reading li a{font-weight:${fontWeights.bold};text-decoration:none}
.more{font-weight:${fontWeights.bold}}
.issue-list li+li{border-top:${rule};margin-top:${px(space.md)};padding-top:${px(space.md)}}
.issue-list p{margin:${px(space.xs)} 0 0}
.site-footer{color:${color('muted')};font-size:${px(size.small)};text-align:center;padding-block:${px(space.lg)} ${px(space.xl)}}
.site-footer p{margin:${px(space.xs)} 0 0}
.footer-links{justify-content:center}
@media (max-width:${phone}){.wrap{padding:0 ${px(space.sm)}}.page,.appeal,.callout{padding:${px(space.md)}}h1{font-size:${px(size.h2)}}}
`.trim();
}
