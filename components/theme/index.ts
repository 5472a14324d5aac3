export { defaultTheme, createTheme, lightPalette, darkPalette, px, SYSTEM_SANS, type Theme, type Palette } from './theme.ts';
export { ThemeProvider, useTheme, type ThemeProviderProps } from './context.tsx';
export { DARK, themeStyles } from './dark-mode.ts';
export { bodyText, smallText, linkText, headingText, divider } from './styles.ts';
