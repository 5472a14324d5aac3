export { defaultTheme, createTheme, lightPalette, darkPalette, px, SYSTEM_SANS, type Theme, type Palette } from './theme.ts';
export { ThemeProvider, useTheme, type ThemeProviderProps } from './context.tsx';
export { DARK, themeStyles } from './dark-mode.ts';
export { fontStyles } from './base-styles.ts';
export { bodyText, smallText, linkText, headingText, headingWeight, divider } from './styles.ts';
