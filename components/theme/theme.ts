/**
 * The theme: every colour, font, size, spacing and width the components use.
 * Colour pairs are chosen to reach WCAG AA (4.5:1) in both palettes; the tests
 * check every text/background pair the components combine.
 */
import type { BrandColors } from '../../src/content/content-schema.ts';

export type Palette = Readonly<{
  /** Behind the email's content column. */
  canvas: string;
  /** The content column and cards. */
  surface: string;
  /** Body text. */
  text: string;
  /** Dates, captions, the footer. */
  muted: string;
  /** Inline links. */
  link: string;
  /** Headings and the brand name. */
  heading: string;
  /** Eyebrows and section headings. */
  accent: string;
  /** Button background. */
  buttonBackground: string;
  /** Button label. */
  buttonText: string;
  /** Rules and card borders. */
  border: string;
  /** Background of the appeal block. */
  highlight: string;
}>;

export type Theme = Readonly<{
  colors: Palette;
  /** The palette applied under `prefers-color-scheme: dark`. */
  dark: Palette;
  fonts: Readonly<{ body: string; heading: string }>;
  fontSizes: Readonly<{ small: number; body: number; lead: number; h3: number; h2: number; h1: number; brand: number }>;
  lineHeights: Readonly<{ tight: number; body: number }>;
  fontWeights: Readonly<{ regular: number; bold: number }>;
  /** Spacing scale in px. */
  space: Readonly<{ xxs: number; xs: number; sm: number; md: number; lg: number; xl: number; xxl: number }>;
  widths: Readonly<{
    /** The content column; 600 px is what every client renders without scaling. */
    content: number;
    /** Logo in the header. */
    logo: number;
    /** Thumbnail beside a related post. */
    thumbnail: number;
  }>;
  radii: Readonly<{ button: number; card: number }>;
  borders: Readonly<{ hairline: number; accent: number }>;
}>;

export const lightPalette: Palette = {
  canvas: '#F2F4F3',
  surface: '#FFFFFF',
  text: '#1F2933',
  muted: '#52606D',
  link: '#0B6E4F',
  heading: '#102A23',
  accent: '#B3122E',
  buttonBackground: '#0B6E4F',
  buttonText: '#FFFFFF',
  border: '#D9E2DF',
  highlight: '#EAF4F0',
};

export const darkPalette: Palette = {
  canvas: '#0E1714',
  surface: '#17221F',
  text: '#E8EFEC',
  muted: '#B8C4C0',
  link: '#7FDDBA',
  heading: '#FFFFFF',
  accent: '#FF9AA9',
  buttonBackground: '#0B6E4F',
  buttonText: '#FFFFFF',
  border: '#2C3B37',
  highlight: '#1E2F2A',
};

export const SYSTEM_SANS = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const defaultTheme: Theme = {
  colors: lightPalette,
  dark: darkPalette,
  fonts: { body: SYSTEM_SANS, heading: SYSTEM_SANS },
  fontSizes: { small: 14, body: 16, lead: 17, h3: 18, h2: 22, h1: 28, brand: 20 },
  lineHeights: { tight: 1.25, body: 1.6 },
  fontWeights: { regular: 400, bold: 700 },
  space: { xxs: 4, xs: 8, sm: 12, md: 16, lg: 24, xl: 32, xxl: 48 },
  widths: { content: 600, logo: 160, thumbnail: 96 },
  radii: { button: 6, card: 8 },
  borders: { hairline: 1, accent: 4 },
};

/** A theme with the brand's colours over the defaults (light palette only; dark stays tuned for contrast). */
export function createTheme(colors: BrandColors = {}, base: Theme = defaultTheme): Theme {
  const light: Palette = {
    ...base.colors,
    ...(colors.primary ? { link: colors.primary, buttonBackground: colors.primary } : {}),
    ...(colors.accent ? { accent: colors.accent } : {}),
    ...(colors.text ? { text: colors.text, heading: colors.text } : {}),
    ...(colors.background ? { canvas: colors.background } : {}),
  };
  return { ...base, colors: light };
}

/** `16` → `'16px'`, for style values. */
export const px = (value: number): string => `${value}px`;
