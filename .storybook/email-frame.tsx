/**
 * The email as a mail client receives it: HTML rendered by the send pipeline's `render`, shown
 * in an `<iframe srcDoc>` so that Storybook's CSS stays out and the email's `<head>` styles
 * stay in. Beside it, what else a reader meets: the inbox line (sender, subject, preheader),
 * the plain-text part, and the HTML size against Gmail's clipping limit.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { forceColorScheme, type ColorScheme } from './media.ts';

/** Gmail shows "[Message clipped]" and hides the rest (footer and unsubscribe link included) past this size. */
export const GMAIL_CLIP_BYTES = 102 * 1024;

export type EmailPreview = Readonly<{
  /** The HTML part. */
  html: string;
  /** The plain-text part, when the email has one. */
  text?: string;
  subject?: string;
  preheader?: string;
  /** Sender's display name. */
  from?: string;
  /** Content the schema refuses (the render command would stop on these). */
  problems?: readonly string[];
}>;

export type EmailFrameProps = Readonly<{
  email: EmailPreview;
  /** Width of the reader's screen in px. */
  width: number;
  scheme: ColorScheme;
}>;

const sans = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const panel: CSSProperties = { flex: '1 1 320px', minWidth: 280, maxWidth: 560, fontFamily: sans, fontSize: 14, color: '#1F2933' };
const card: CSSProperties = { border: '1px solid #D9E2DF', borderRadius: 8, padding: 12, marginBottom: 16, background: '#FFFFFF' };
const label: CSSProperties = { fontSize: 12, fontWeight: 700, textTransform: 'uppercase', letterSpacing: '0.04em', color: '#52606D', margin: '0 0 8px' };

export const byteSize = (value: string): number => new TextEncoder().encode(value).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function EmailFrame({ email, width, scheme }: EmailFrameProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(480);
  const [overflow, setOverflow] = useState(0);
  const srcDoc = useMemo(() => forceColorScheme(email.html, scheme), [email.html, scheme]);

  // Grow the iframe to the email's height (srcDoc is same-origin, so its document is readable),
  // and note when the email is wider than the screen it is shown on. Each srcDoc or width
  // change loads or reflows the document, so measure on load and on every resize after it.
  const observer = useRef<ResizeObserver | null>(null);
  const measure = useCallback(() => {
    const doc = frame.current?.contentDocument;
    if (!doc?.body) return;
    // The body's own box, not the document's scroll height, which never drops below the
    // iframe's current height and so would never let it shrink.
    const margins = (doc.defaultView ?? window).getComputedStyle(doc.body);
    setHeight(Math.ceil(doc.body.getBoundingClientRect().height + parseFloat(margins.marginTop) + parseFloat(margins.marginBottom)));
    setOverflow(Math.max(0, doc.documentElement.scrollWidth - doc.documentElement.clientWidth));
  }, []);
  const onLoad = useCallback(() => {
    observer.current?.disconnect();
    const body = frame.current?.contentDocument?.body;
    if (body && typeof ResizeObserver !== 'undefined') {
      observer.current = new ResizeObserver(measure);
      observer.current.observe(body);
    }
    measure();
  }, [measure]);
  useEffect(() => () => observer.current?.disconnect(), []);
  useEffect(measure, [width, measure]);

  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24, alignItems: 'flex-start', padding: 16 }}>
      <div style={{ flex: 'none' }}>
        <iframe
          ref={frame}
          title={email.subject ?? 'Email preview'}
          srcDoc={srcDoc}
          onLoad={onLoad}
          data-testid="email-frame"
          // The iframe's own colour scheme only styles the frame around the document (its
          // canvas and scrollbars); the email's dark CSS comes from the media rewrite above.
          style={{ display: 'block', width, height, border: '1px solid #D9E2DF', colorScheme: scheme, background: 'transparent' }}
        />
        <p style={{ fontFamily: sans, fontSize: 12, color: overflow ? '#B3122E' : '#52606D', margin: '4px 0 0' }}>
          {width} px, {scheme}
          {overflow ? ` · ${overflow} px wider than the screen: readers must scroll sideways` : ''}
        </p>
      </div>
      <EmailFacts email={email} />
    </div>
  );
}

/** Inbox line, size against Gmail's limit, content problems and the plain-text part. */
export function EmailFacts({ email }: Readonly<{ email: EmailPreview }>) {
  const bytes = byteSize(email.html);
  const share = bytes / GMAIL_CLIP_BYTES;
  return (
    <aside style={panel} aria-label="About this email">
      {email.problems?.length ? (
        <Section title="Content problems" tone="#B3122E">
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {email.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Section>
      ) : null}
      {email.subject !== undefined ? (
        <Section title="In the inbox">
          <div style={{ display: 'flex', gap: 12, alignItems: 'baseline', whiteSpace: 'nowrap', overflow: 'hidden' }}>
            <strong style={{ flex: 'none', maxWidth: '35%', overflow: 'hidden', textOverflow: 'ellipsis' }}>{email.from}</strong>
            <span dir="auto" style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
              <strong>{email.subject}</strong>
              <span style={{ color: '#52606D' }}> – {email.preheader}</span>
            </span>
          </div>
          <p style={{ margin: '8px 0 0', color: '#52606D', fontSize: 12 }}>
            Subject {email.subject.length} characters (phones show about 40); preheader {email.preheader?.length ?? 0} (inboxes show 40 to 100).
          </p>
        </Section>
      ) : null}
      <Section title="HTML size">
        <div role="meter" aria-valuemin={0} aria-valuemax={GMAIL_CLIP_BYTES} aria-valuenow={bytes} aria-label="HTML size against Gmail's 102 KB limit"
          style={{ height: 8, borderRadius: 4, background: '#EAF4F0', overflow: 'hidden' }}>
          <div style={{ width: `${Math.min(100, share * 100)}%`, height: '100%', background: share > 1 ? '#B3122E' : share > 0.8 ? '#B7791F' : '#0B6E4F' }} />
        </div>
        <p style={{ margin: '8px 0 0' }}>
          {kb(bytes)} of Gmail’s 102 KB ({Math.round(share * 100)}%).{' '}
          {share > 1 ? <strong style={{ color: '#B3122E' }}>Gmail will clip this email, hiding its end and the unsubscribe link.</strong> : null}
        </p>
      </Section>
      {email.text !== undefined ? (
        <Section title="Plain-text part">
          <pre dir="auto" style={{ margin: 0, overflowWrap: 'anywhere', maxHeight: 480, overflow: 'auto', whiteSpace: 'pre-wrap', fontSize: 12, lineHeight: 1.5, fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}>
            {email.text}
          </pre>
        </Section>
      ) : null}
    </aside>
  );
}

function Section({ title, tone, children }: Readonly<{ title: string; tone?: string; children: ReactNode }>) {
  return (
    <section style={{ ...card, ...(tone ? { borderColor: tone } : {}) }}>
      <h3 style={{ ...label, color: tone ?? label.color }}>{title}</h3>
      {children}
    </section>
  );
}
