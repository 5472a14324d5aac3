import { createContext, useContext, type ReactNode } from 'react';
import { defaultTheme, type Theme } from './theme.ts';

const ThemeContext = createContext<Theme>(defaultTheme);

export type ThemeProviderProps = Readonly<{
  /** The theme every component below reads. */
  theme: Theme;
  children: ReactNode;
}>;

/** Supplies a theme (for example with brand colours) to the components below it. */
export function ThemeProvider({ theme, children }: ThemeProviderProps) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

/** The theme in effect: the nearest ThemeProvider's, else `defaultTheme`. */
export function useTheme(): Theme {
  return useContext(ThemeContext);
}
