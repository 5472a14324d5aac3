import { useContext, type CSSProperties } from 'react';
import { escapeHtml } from '../../src/content/merge-fields.ts';
import { OFFICE_NAMESPACES, OfficeNamespacesDeclared } from '../email-layout/namespaces.ts';
import { px, useTheme, type Theme } from '../theme/index.ts';

/** Outlook sizes VML shapes in points of a fixed box: this estimates a label's width. */
const AVERAGE_GLYPH_WIDTH_EM = 0.6;
/** Height of the button's box, from its font size and vertical padding. */
const buttonHeight = (theme: Theme) => theme.fontSizes.body + 2 * theme.space.sm + 2 * theme.borders.hairline;

export type ButtonVariant = 'primary' | 'secondary';

export type ButtonProps = Readonly<{
  /** Where the button leads (https or mailto). Required. */
  href: string;
  /** The label; plain text. Required. */
  children: string;
  /** `primary`: filled with the brand colour. `secondary`: outlined. Default: `'primary'`. */
  variant?: ButtonVariant;
  /** Horizontal alignment within its cell. Default: `'left'` (mirrored for right-to-left text by the `dir` attribute). */
  align?: 'left' | 'center' | 'right';
  /** Extra styles for the link, applied after the base styles. Default: none. */
  style?: CSSProperties;
}>;

function estimateWidth(label: string, theme: Theme): number {
  return Math.ceil(label.length * theme.fontSizes.body * AVERAGE_GLYPH_WIDTH_EM + 2 * theme.space.lg);
}

/** CSS properties whose numbers take no unit. */
const UNITLESS = new Set(['fontWeight', 'lineHeight', 'opacity', 'zIndex', 'flexGrow', 'flexShrink']);

function cssText(style: CSSProperties): string {
  return Object.entries(style)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => {
      const css = typeof value === 'number' && !UNITLESS.has(key) ? `${value}px` : String(value);
      return `${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${css}`;
    })
    .join(';');
}

/**
 * Builds the button as HTML, because Outlook for Windows needs conditional
 * comments that React cannot write: a VML rounded rectangle for Outlook, a
 * padded link for every other client. With `namespacesDeclared` (the document's
 * `<html>` declares `OFFICE_NAMESPACES`), the VML does not repeat them.
 */
export function buttonHtml(props: ButtonProps, theme: Theme, { namespacesDeclared = false } = {}): string {
  const { href, children: label, variant = 'primary', style } = props;
  const c = theme.colors;
  const filled = variant === 'primary';
  const background = filled ? c.buttonBackground : c.surface;
  const color = filled ? c.buttonText : c.link;
  const height = buttonHeight(theme);
  const width = estimateWidth(label, theme);
  const link: CSSProperties = {
    backgroundColor: background,
    border: `${theme.borders.hairline}px solid ${filled ? c.buttonBackground : c.link}`,
    borderRadius: theme.radii.button,
    color,
    display: 'inline-block',
    fontSize: theme.fontSizes.body,
    fontWeight: theme.fontWeights.bold,
    lineHeight: px(theme.fontSizes.body + 2 * theme.space.sm),
    padding: `0 ${px(theme.space.lg)}`,
    textAlign: 'center',
    textDecoration: 'none',
    ...style,
  };
  const safeHref = escapeHtml(href);
  const safeLabel = escapeHtml(label);
  const arc = Math.round((theme.radii.button / height) * 100);
  const vml =
    `<!--[if mso]><v:roundrect ${namespacesDeclared ? '' : `xmlns:v="${OFFICE_NAMESPACES['xmlns:v']}" xmlns:w="${OFFICE_NAMESPACES['xmlns:w']}" `}href="${safeHref}" ` +
    `style="height:${height}px;v-text-anchor:middle;width:${width}px;" arcsize="${arc}%" strokecolor="${filled ? c.buttonBackground : c.link}" ` +
    `fillcolor="${background}"><w:anchorlock/><center style="color:${color};font-family:Arial,sans-serif;font-size:${theme.fontSizes.body}px;font-weight:bold;">${safeLabel}</center></v:roundrect><![endif]-->`;
  const className = filled ? '' : ' class="dsp-link dsp-surface dsp-border"';
  return `${vml}<!--[if !mso]><!--><a href="${safeHref}"${className} style="${escapeHtml(cssText(link))}">${safeLabel}</a><!--<![endif]-->`;
}

/** A bulletproof call-to-action button: VML in Outlook for Windows, a styled link elsewhere. */
export function Button(props: ButtonProps) {
  const theme = useTheme();
  const namespacesDeclared = useContext(OfficeNamespacesDeclared);
  return (
    <table role="presentation" cellPadding={0} cellSpacing={0} style={{ borderCollapse: 'separate' }}>
      <tbody>
        <tr>
          <td align={props.align ?? 'left'} dangerouslySetInnerHTML={{ __html: buttonHtml(props, theme, { namespacesDeclared }) }} />
        </tr>
      </tbody>
    </table>
  );
}
