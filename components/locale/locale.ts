/** Scripts written right to left (ISO 15924), for `dir="rtl"`. */
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr', 'Yezi']);

export type Direction = 'ltr' | 'rtl';

/**
 * Intl objects are slow to build (tens of microseconds each, several times per
 * issue) and cheap to keep: one per locale, remembered. A handful of locales
 * is the norm; the cap only guards against unbounded input.
 */
const MAX_CACHED_LOCALES = 64;

function remembered<T>(cache: Map<string, T>, locale: string, make: () => T): T {
  let value = cache.get(locale);
  if (value === undefined) {
    value = make();
    if (cache.size >= MAX_CACHED_LOCALES) cache.clear();
    cache.set(locale, value);
  }
  return value;
}

const directions = new Map<string, Direction>();

/** `rtl` for locales whose likely script is written right to left (ar, he, fa, ur…). */
export function textDirection(locale: string): Direction {
  return remembered(directions, locale, () => {
    try {
      const script = new Intl.Locale(locale).maximize().script;
      return script && RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
    } catch {
      return 'ltr';
    }
  });
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** An ISO date (`2024-09-23`) as the locale writes it: "September 23, 2024", "23 septembre 2024". */
export function formatDate(isoDate: string, locale: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  return remembered(dateFormats, locale, () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })).format(date);
}
