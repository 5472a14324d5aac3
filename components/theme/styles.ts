/**
 * Text styles the components share, built from the theme's tokens. Font
 * families and line heights are not here: the head `<style>` sets them once
 * (see `fontStyles`), which keeps each element's inline style short.
 */
import type { CSSProperties } from 'react';
import { px, type Theme } from './theme.ts';

export const bodyText = (theme: Theme): CSSProperties => ({
  color: theme.colors.text,
  fontSize: theme.fontSizes.body,
  margin: `0 0 ${px(theme.space.md)}`,
});

export const smallText = (theme: Theme): CSSProperties => ({
  color: theme.colors.muted,
  fontSize: theme.fontSizes.small,
  margin: 0,
});

/** Links keep every client's default underline (so they are not told apart by colour alone); only the colour is set. */
export const linkText = (theme: Theme): CSSProperties => ({
  color: theme.colors.link,
});

/** Headings are bold in every client: the weight is written only when the theme's bold is not the default 700. */
export const headingWeight = (theme: Theme): number | undefined => (theme.fontWeights.bold === 700 ? undefined : theme.fontWeights.bold);

export const headingText = (theme: Theme, size: number): CSSProperties => ({
  color: theme.colors.heading,
  fontSize: size,
  fontWeight: headingWeight(theme),
  margin: `0 0 ${px(theme.space.xs)}`,
});

export const divider = (theme: Theme): CSSProperties => ({
  borderTop: `${theme.borders.hairline}px solid ${theme.colors.border}`,
  margin: `${px(theme.space.lg)} 0 0`,
});
