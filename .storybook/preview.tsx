import type { Decorator, Preview } from '@storybook/react-vite';
import { DARK, ThemeProvider, createTheme, textDirection, themeStyles } from '../components/index.ts';
import { brand } from '../fixtures/index.ts';
import { COLOR_SCHEMES, EMAIL_WIDTHS, forceColorScheme, forceWidth, type ColorScheme } from './media.ts';

/** The toolbar's width and colour scheme, as numbers and names. */
export function frameGlobals(globals: Record<string, unknown>): { width: number; scheme: ColorScheme } {
  const width = parseInt(String(globals.emailWidth), 10);
  return {
    width: Number.isFinite(width) && width > 0 ? width : 600,
    scheme: globals.colorScheme === 'dark' ? 'dark' : 'light',
  };
}

export type EmailCanvasParameters = {
  /**
   * `frame`: the story shows a whole email in an iframe itself (templates, layouts); the canvas
   * stays out of its way. `gutter`: pad the component like a Block does (for components that
   * sit inside one). Default: the component alone on the content column.
   */
  emailCanvas?: 'frame' | 'gutter';
  /** Language of a story whose component takes no `locale` prop (sets `lang` and `dir`). */
  locale?: string;
};

/** Stands in for the email document's root in component stories. */
const CANVAS_CLASS = 'sb-email-canvas';

/**
 * The email's `<style>` for a component story: media queries decided by the toolbar, and the
 * whole sheet nested under the canvas (its element rules such as `p{…}` would otherwise restyle
 * Storybook's docs pages), with the `:root` rule applying to the canvas itself.
 */
function canvasStyles(css: string, width: number, scheme: ColorScheme): string {
  const email = forceColorScheme(forceWidth(css, width), scheme).replaceAll(':root{', '&{');
  return `.${CANVAS_CLASS}{\n${email}\n}`;
}

/**
 * Components rendered straight into Storybook's page, set as in an email: brand theme, the
 * canvas and 600 px content column at the toolbar's width, text direction from the `locale`
 * arg, and the email's own dark-mode and phone CSS, its media queries decided by the toolbar
 * (see media.ts).
 */
const withEmailCanvas: Decorator = (Story, { args, globals, parameters }) => {
  const { emailCanvas: mode, locale: localeParameter } = parameters as EmailCanvasParameters;
  if (mode === 'frame') return <Story />;
  const { width, scheme } = frameGlobals(globals);
  const theme = createTheme(brand.colors);
  const locale = typeof args.locale === 'string' ? args.locale : (localeParameter ?? 'en-CA');
  const gutter = mode === 'gutter' ? theme.space.lg : 0;
  return (
    <ThemeProvider theme={theme}>
      <style>{canvasStyles(themeStyles(theme), width, scheme)}</style>
      <div className={`${CANVAS_CLASS} ${DARK.canvas}`} style={{ width, backgroundColor: theme.colors.canvas, padding: `${theme.space.lg}px 0` }}>
        <div
          lang={locale}
          dir={textDirection(locale)}
          className={DARK.surface}
          // The content column as EmailLayout draws it, long words wrapping included.
          style={{
            maxWidth: theme.widths.content,
            margin: '0 auto',
            padding: `${gutter}px ${gutter}px ${theme.space.lg}px`,
            backgroundColor: theme.colors.surface,
            overflowWrap: 'anywhere',
            wordBreak: 'break-word',
          }}
        >
          <Story />
        </div>
      </div>
    </ThemeProvider>
  );
};

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withEmailCanvas],
  globalTypes: {
    emailWidth: {
      description: 'Width of the reader’s screen',
      toolbar: {
        title: 'Width',
        icon: 'mobile',
        // "320px" rather than "320": a number-like value would come back from the URL as a number.
        items: EMAIL_WIDTHS.map((width) => ({ value: `${width}px`, title: `${width} px` })),
        dynamicTitle: true,
      },
    },
    colorScheme: {
      description: 'The reader’s colour scheme: dark applies the email’s own prefers-color-scheme styles',
      toolbar: {
        title: 'Colour scheme',
        icon: 'mirror',
        items: COLOR_SCHEMES.map((scheme) => ({ value: scheme, title: scheme === 'dark' ? 'Dark' : 'Light' })),
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { emailWidth: '600px', colorScheme: 'light' },
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true, sort: 'requiredFirst' },
  },
};

export default preview;
