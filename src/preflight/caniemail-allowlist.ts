/**
 * The reviewed caniemail allowlist: features caniemail reports as unsupported
 * ("errors") in some of the clients we check, accepted because the email
 * degrades well there. Every entry says which clients and why. A new error, or
 * a known one in a client not listed here, fails preflight until someone
 * reviews it and either mends the component or adds an entry with its reason.
 *
 * `feature` is caniemail's title; `clients` are caniemail client ids, `*` as a wildcard.
 */
export type AllowlistEntry = Readonly<{ feature: string; clients: readonly string[]; reason: string }>;

export const CANIEMAIL_ALLOWLIST: readonly AllowlistEntry[] = [
  {
    feature: 'color-scheme CSS property',
    clients: ['*'],
    reason: 'Dark-mode opt-in for clients that honour it; elsewhere it is ignored and the light palette (inline styles) shows.',
  },
  {
    feature: 'color-scheme meta tag',
    clients: ['*'],
    reason: 'Same opt-in as the color-scheme property, for Apple Mail; ignored elsewhere.',
  },
  {
    feature: '<style> element',
    clients: ['gmail.mobile-webmail'],
    reason: 'Gmail with a non-Google account drops <style>; it carries only the dark palette and phone gutters, while the whole light design is inline.',
  },
  {
    feature: '@media',
    clients: ['gmail.mobile-webmail', 'outlook.windows', 'outlook.windows-mail'],
    reason: 'Media queries hold the dark palette and narrower phone gutters only; without them the light, fluid 600 px layout shows.',
  },
  {
    feature: 'Attribute selector',
    clients: ['gmail.mobile-webmail', 'outlook.windows', 'outlook.windows-mail'],
    reason: '[data-ogsc]/[data-ogsb] rules exist only for Outlook.com dark mode; other clients skip them.',
  },
  {
    feature: 'Class selector',
    clients: ['gmail.mobile-webmail'],
    reason: 'Class rules carry the dark palette and phone tweaks only (see <style> element).',
  },
  {
    feature: 'Type selector',
    clients: ['gmail.mobile-webmail'],
    reason: 'Font families are set once in the head (p, td, a, h1-h3); without <style> the client shows its own sans-serif, equally legible.',
  },
  {
    feature: 'Descendant combinator',
    clients: ['gmail.mobile-webmail'],
    reason: 'Used only by the Outlook.com dark-mode rules ([data-ogsc] .x).',
  },
  {
    feature: 'display:none',
    clients: ['gmail.mobile-webmail'],
    reason: "react-email's Preview hides the preheader with display:none, opacity, max-height and overflow together; each client honours at least one.",
  },
  {
    feature: 'opacity',
    clients: ['gmail.mobile-webmail', 'outlook.windows', 'outlook.windows-mail'],
    reason: 'Preheader hiding (see display:none); Outlook for Windows hides it with display:none.',
  },
  {
    feature: 'max-height property',
    clients: ['outlook.windows', 'outlook.windows-mail'],
    reason: 'Preheader hiding (see display:none).',
  },
  {
    feature: 'overflow',
    clients: ['outlook.windows', 'outlook.windows-mail'],
    reason: 'Preheader hiding (see display:none).',
  },
  {
    feature: '<body> element',
    clients: ['outlook.macos', 'yahoo.*'],
    reason: 'These clients replace <body>; react-email repeats the body background, lang and dir on the wrapping table cell for exactly this.',
  },
  {
    feature: 'border-radius',
    clients: ['outlook.windows', 'outlook.windows-mail'],
    reason: 'Square corners in Outlook for Windows; buttons there are VML round rectangles, so they keep theirs.',
  },
  {
    feature: 'outline',
    clients: ['outlook.windows', 'outlook.windows-mail'],
    reason: "react-email's image reset (outline:none); Outlook draws no outline on images anyway.",
  },
  {
    feature: 'text-decoration-line',
    clients: ['outlook.windows', 'outlook.windows-mail'],
    reason: "react-email's link reset; every link also sets the text-decoration shorthand, which Outlook reads.",
  },
  {
    feature: 'target attribute',
    clients: ['gmail.*', 'outlook.outlook-com', 'yahoo.*'],
    reason: 'Webmail opens links in a new tab whatever target says; the attribute is harmless.',
  },
  {
    feature: 'role attribute',
    clients: ['outlook.windows-mail'],
    reason: 'Windows Mail strips role; nothing in markup can restore it, and every other client keeps role="presentation".',
  },
  {
    feature: 'overflow-wrap',
    clients: ['gmail.*', 'outlook.*', 'yahoo.*'],
    reason: 'Progressive enhancement on the content column (wraps long words and URLs where supported); elsewhere the column behaves as without it.',
  },
  {
    feature: 'word-break',
    clients: ['outlook.windows-mail', 'yahoo.*'],
    reason: 'The older spelling of the same long-word wrapping; ignored where unsupported.',
  },
  {
    feature: 'height property',
    clients: ['yahoo.*'],
    reason:
      'Accepted risk: Yahoo turns height:auto on images into min-height:auto, so on screens narrower than an image its height attribute wins and the image stretches vertically. Dropping height:auto would distort it in every other client; the height attribute must stay for Outlook.',
  },
];

const globToRegExp = (glob: string) => new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** The entry that accepts a feature in a client, if any. */
export function allowlisted(feature: string, client: string, allowlist: readonly AllowlistEntry[] = CANIEMAIL_ALLOWLIST): AllowlistEntry | undefined {
  return allowlist.find((entry) => entry.feature === feature && entry.clients.some((glob) => globToRegExp(glob).test(client)));
}
