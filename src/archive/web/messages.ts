/**
 * Words only the web pages need (the email has no breadcrumb or skip link).
 * Everything else comes from the components' `messagesFor`.
 */
export type WebMessages = Readonly<{
  skipToContent: string;
  breadcrumb: string;
  siteNavigation: string;
  feed: string;
  indexDescription: (newsletter: string, organisation: string) => string;
}>;

const en: WebMessages = { skipToContent: 'Skip to content', breadcrumb: 'Breadcrumb', siteNavigation: 'Site', feed: 'Feed', indexDescription: (n, o) => `Every issue of the ${n}, from ${o}.` };
const fr: WebMessages = { skipToContent: 'Aller au contenu', breadcrumb: 'Fil d’Ariane', siteNavigation: 'Site', feed: 'Fil de syndication', indexDescription: (n, o) => `Tous les numéros de ${n}, par ${o}.` };
const ar: WebMessages = { skipToContent: 'انتقل إلى المحتوى', breadcrumb: 'مسار التنقل', siteNavigation: 'الموقع', feed: 'موجز الأخبار', indexDescription: (n, o) => `جميع أعداد ${n} من ${o}.` };

/** A Map, not an object: a locale named `constructor` must not find Object.prototype's members. */
const TABLES: ReadonlyMap<string, WebMessages> = new Map([
  ['en', en],
  ['fr', fr],
  ['ar', ar],
]);

/** The web-only words for a locale's language, English when there is no table. */
export function webMessagesFor(locale: string): WebMessages {
  return TABLES.get(locale.split('-')[0]!.toLowerCase()) ?? en;
}
