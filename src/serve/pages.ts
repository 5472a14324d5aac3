/**
 * The unsubscribe pages: plain HTML, no scripts, no external resources, in the
 * reader's language (en, fr, ar; English otherwise). The button label comes
 * from the components' own messages so it matches the footer link the reader
 * just clicked.
 */
import { textDirection } from '../../components/locale/locale.ts';
import { messagesFor } from '../../components/locale/messages.ts';
import { escapeHtml } from '../content/merge-fields.ts';

type PageWords = Readonly<{
  confirmTitle: string;
  confirm: (address: string, list: string) => string;
  doneTitle: string;
  done: (address: string, list: string) => string;
  invalidTitle: string;
  invalid: string;
}>;

const en: PageWords = {
  confirmTitle: 'Unsubscribe',
  confirm: (address, list) => `Stop sending ${list} to ${address}?`,
  doneTitle: 'You are unsubscribed',
  done: (address, list) => `${address} will not receive ${list} any more.`,
  invalidTitle: 'This link does not work',
  invalid: 'The unsubscribe link is incomplete or was changed. Copy the whole link from the email, or reply to the email to unsubscribe.',
};

const fr: PageWords = {
  confirmTitle: 'Se désabonner',
  confirm: (address, list) => `Ne plus envoyer ${list} à ${address} ?`,
  doneTitle: 'Votre désabonnement est confirmé',
  done: (address, list) => `${address} ne recevra plus ${list}.`,
  invalidTitle: 'Ce lien ne fonctionne pas',
  invalid: 'Le lien de désabonnement est incomplet ou a été modifié. Copiez le lien entier depuis le courriel, ou répondez au courriel pour vous désabonner.',
};

const ar: PageWords = {
  confirmTitle: 'إلغاء الاشتراك',
  confirm: (address, list) => `هل تريد إيقاف إرسال ${list} إلى ${address}؟`,
  doneTitle: 'تم إلغاء اشتراكك',
  done: (address, list) => `لن يتلقى ${address} ${list} بعد الآن.`,
  invalidTitle: 'هذا الرابط لا يعمل',
  invalid: 'رابط إلغاء الاشتراك ناقص أو تم تغييره. انسخ الرابط كاملاً من الرسالة، أو رد على الرسالة لإلغاء الاشتراك.',
};

/** A Map, not an object: `?lang=constructor` must not find Object.prototype's members. */
const WORDS: ReadonlyMap<string, PageWords> = new Map([
  ['en', en],
  ['fr', fr],
  ['ar', ar],
]);

/** The languages the pages are written in. */
export const PAGE_LANGUAGES: readonly string[] = [...WORDS.keys()];

/** The page language a tag asks for (`fr-CA` → `fr`, `fr;q=0.9` → `fr`), or null when the pages are not written in it. */
export function pageLanguage(tag: string | null | undefined): string | null {
  const language = tag?.trim().split(/[-_;]/)[0]?.toLowerCase();
  return language && WORDS.has(language) ? language : null;
}

/** The page language: `?lang=`, else the first supported Accept-Language entry, else the service's default. */
export function pickLanguage(query: string | null, acceptLanguage: string | undefined, fallback: string): string {
  const accepted = (acceptLanguage ?? '').split(',').map(pageLanguage).find((language) => language !== null);
  return pageLanguage(query) ?? accepted ?? pageLanguage(fallback) ?? 'en';
}

const STYLE =
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;padding:2rem 1rem;background:#f4f4f5;color:#18181b}' +
  // A long address must wrap rather than push a phone's page sideways.
  'main{max-width:32rem;margin:0 auto;background:#fff;padding:2rem;border-radius:8px;overflow-wrap:anywhere}' +
  'button{font:inherit;font-weight:600;padding:.75rem 1.5rem;border:0;border-radius:6px;background:#0f5132;color:#fff;cursor:pointer}' +
  'button:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}';

function page(language: string, title: string, body: string): string {
  const dir = textDirection(language);
  return `<!doctype html>
<html lang="${language}" dir="${dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body>
</html>
`;
}

/** The confirmation page: one button that POSTs the RFC 8058 body back to the same URL. */
export function confirmPage(language: string, address: string, listName: string, token: string): string {
  const words = WORDS.get(language) ?? en;
  const action = `?token=${encodeURIComponent(token)}&lang=${language}`;
  return page(
    language,
    words.confirmTitle,
    `<p>${escapeHtml(words.confirm(address, listName))}</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><input type="hidden" name="via" value="page"><button type="submit">${escapeHtml(messagesFor(language).unsubscribe)}</button></form>`,
  );
}

export function donePage(language: string, address: string, listName: string): string {
  const words = WORDS.get(language) ?? en;
  return page(language, words.doneTitle, `<p>${escapeHtml(words.done(address, listName))}</p>`);
}

export function invalidPage(language: string): string {
  const words = WORDS.get(language) ?? en;
  return page(language, words.invalidTitle, `<p>${escapeHtml(words.invalid)}</p>`);
}
