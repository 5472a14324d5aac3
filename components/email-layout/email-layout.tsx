import type { ReactNode } from 'react';
import { Body, Container, Head, Html } from 'react-email';
import { DARK, px, themeStyles, useTheme } from '../theme/index.ts';
import { DirectionContext, type Direction } from '../locale/index.ts';
import { OFFICE_NAMESPACES, OfficeNamespacesDeclared } from './namespaces.ts';
import { MERGE_FIELD_OPEN } from '../../src/content/merge-fields.ts';

/**
 * Marks where the Outlook-only head block goes; `render` swaps it for the
 * conditional comment, which React cannot write.
 */
export const MSO_HEAD_MARKER = '<meta name="dispatch-mso-head"/>';
export const MSO_HEAD =
  '<!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:AllowPNG/><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript><![endif]-->';

/** How many characters inboxes show of the preview, at most; the filler keeps body text out of the rest. */
const PREVIEW_LENGTH = 150;
/** Zero-width non-joiner and no-break space: invisible, and 5 bytes a character of preview. */
const PREVIEW_FILLER = '\u200C\u00A0';

/**
 * The preheader: hidden text inboxes show after the subject, padded with
 * invisible characters so that the body's first words ("View in browser…")
 * do not follow it. React Email's `Preview` pads to 200 characters with
 * five-character groups (about 1.8 KB); this pads to 150 with a fifth of that.
 */
export function Preheader({ children }: { children: string }) {
  // Counted in code points: cutting UTF-16 units could split an emoji and leave a "�".
  let text = Array.from(children).slice(0, PREVIEW_LENGTH).join('');
  // A merge field cut in half is never filled and would show as "{{first_na": the cut goes before it.
  const open = text.lastIndexOf(MERGE_FIELD_OPEN);
  if (open !== -1 && !text.includes('}}', open)) text = text.slice(0, open);
  const filler = PREVIEW_FILLER.repeat(Math.max(0, PREVIEW_LENGTH - Array.from(text).length));
  return (
    <div
      style={{ display: 'none', overflow: 'hidden', lineHeight: '1px', opacity: 0, maxHeight: 0, maxWidth: 0 }}
      data-skip-in-text="true"
    >
      {text + filler}
    </div>
  );
}

export type EmailLayoutProps = Readonly<{
  /** BCP 47 language of the content, set on `<html>` and the body content. Required. */
  lang: string;
  /** Text direction of the content. Default: `'ltr'`. */
  dir?: Direction;
  /** The document title; mail clients and screen readers announce it (use the subject). Required. */
  title: string;
  /** The preview text inboxes show after the subject. Required. */
  preheader: string;
  /** The email's blocks. */
  children: ReactNode;
}>;

/**
 * The shell of every email: language and direction, title, preheader,
 * colour-scheme metas and the dark palette, and a centred content column.
 */
export function EmailLayout({ lang, dir = 'ltr', title, preheader, children }: EmailLayoutProps) {
  const theme = useTheme();
  return (
    <Html lang={lang} dir={dir} {...OFFICE_NAMESPACES}>
      <Head>
        <title>{title}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <meta name="format-detection" content="telephone=no, date=no, address=no, email=no, url=no" />
        <meta name="dispatch-mso-head" />
        <style>{themeStyles(theme)}</style>
      </Head>
      <Body lang={lang} dir={dir} className={DARK.canvas} style={{ backgroundColor: theme.colors.canvas, margin: 0, padding: `${px(theme.space.lg)} 0` }}>
        <Preheader>{preheader}</Preheader>
        <Container
          className={DARK.surface}
          // Long words and URLs wrap instead of widening the column past a phone's screen;
          // `word-break: break-word` is the spelling older mail clients know.
          style={{
            backgroundColor: theme.colors.surface,
            maxWidth: px(theme.widths.content),
            width: '100%',
            borderRadius: theme.radii.card,
            overflowWrap: 'anywhere',
            wordBreak: 'break-word',
          }}
        >
          <OfficeNamespacesDeclared.Provider value={true}>
            <DirectionContext.Provider value={dir}>{children}</DirectionContext.Provider>
          </OfficeNamespacesDeclared.Provider>
        </Container>
      </Body>
    </Html>
  );
}
