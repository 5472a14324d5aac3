/** Rendering one component the way a template does, and reading what it wrote. */
import type { ReactNode } from 'react';
import { render } from 'react-email';
import { DirectionContext, EmailLayout, ThemeProvider, defaultTheme, type Direction, type Theme } from '../../components/index.ts';
import { loadHtml, type LoadedHtml } from './html.ts';

export type RenderOptions = Readonly<{
  /** The theme the component reads. Default: the default theme. */
  theme?: Theme;
  /** The text direction the layout provides. Default: `'ltr'`. */
  dir?: Direction;
  /** Inside an `EmailLayout` (the column every template uses), not on its own. Default: `false`. */
  inLayout?: boolean;
}>;

/** The component's HTML and a parsed document of it. */
export async function renderComponent(node: ReactNode, { theme = defaultTheme, dir = 'ltr', inLayout = false }: RenderOptions = {}): Promise<{ html: string; $: LoadedHtml }> {
  const content = inLayout ? (
    <EmailLayout lang={dir === 'rtl' ? 'ar' : 'en-CA'} dir={dir} title="Test" preheader="Test">
      {node}
    </EmailLayout>
  ) : (
    <DirectionContext.Provider value={dir}>{node}</DirectionContext.Provider>
  );
  const html = await render(<ThemeProvider theme={theme}>{content}</ThemeProvider>);
  return { html, $: loadHtml(html) };
}

/** A word no line can hold: it fits a phone only if the column lets it break. */
export const LONG_WORD = 'Supercalifragilisticexpialidociousantidisestablishmentarianism';

/** Text that is markup if anything renders it unescaped. */
export const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';
