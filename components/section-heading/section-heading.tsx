import type { CSSProperties } from 'react';
import { DARK, headingWeight, px, useTheme } from '../theme/index.ts';

export type SectionHeadingProps = Readonly<{
  /** The heading text. Required. */
  children: string;
  /** Heading level; sections of an issue sit under its `<h1>`. Default: `2`. */
  level?: 2 | 3;
  /** `eyebrow`: small capitals in the accent colour, as "ADVOCACY UPDATES". `title`: a plain heading. Default: `'eyebrow'`. */
  variant?: 'eyebrow' | 'title';
  /** Extra styles, applied after the base styles. Default: none. */
  style?: CSSProperties;
}>;

/** The heading that opens a section of an issue. */
export function SectionHeading({ children, level = 2, variant = 'eyebrow', style }: SectionHeadingProps) {
  const theme = useTheme();
  const eyebrow = variant === 'eyebrow';
  const base: CSSProperties = {
    color: eyebrow ? theme.colors.accent : theme.colors.heading,
    fontSize: eyebrow ? theme.fontSizes.h3 : theme.fontSizes.h2,
    fontWeight: headingWeight(theme),
    letterSpacing: eyebrow ? '0.06em' : undefined,
    margin: `0 0 ${px(theme.space.md)}`,
    textTransform: eyebrow ? 'uppercase' : undefined,
  };
  const Tag = level === 3 ? 'h3' : 'h2';
  return (
    <Tag className={eyebrow ? DARK.accent : DARK.heading} style={style ? { ...base, ...style } : base}>
      {children}
    </Tag>
  );
}
