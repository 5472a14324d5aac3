/** Text styles the components share, built from the theme's tokens. */
import type { CSSProperties } from 'react';
import { px, type Theme } from './theme.ts';

export const bodyText = (theme: Theme): CSSProperties => ({
  color: theme.colors.text,
  fontFamily: theme.fonts.body,
  fontSize: theme.fontSizes.body,
  lineHeight: theme.lineHeights.body,
  margin: `0 0 ${px(theme.space.md)}`,
});

export const smallText = (theme: Theme): CSSProperties => ({
  color: theme.colors.muted,
  fontFamily: theme.fonts.body,
  fontSize: theme.fontSizes.small,
  lineHeight: theme.lineHeights.body,
  margin: 0,
});

export const linkText = (theme: Theme): CSSProperties => ({
  color: theme.colors.link,
  textDecoration: 'underline',
});

export const headingText = (theme: Theme, size: number): CSSProperties => ({
  color: theme.colors.heading,
  fontFamily: theme.fonts.heading,
  fontSize: size,
  fontWeight: theme.fontWeights.bold,
  lineHeight: theme.lineHeights.tight,
  margin: `0 0 ${px(theme.space.xs)}`,
});

export const divider = (theme: Theme): CSSProperties => ({
  borderTop: `${theme.borders.hairline}px solid ${theme.colors.border}`,
  margin: `${px(theme.space.lg)} 0 0`,
});
