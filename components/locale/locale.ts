/** Scripts written right to left (ISO 15924), for `dir="rtl"`. */
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr', 'Yezi']);

export type Direction = 'ltr' | 'rtl';

/** `rtl` for locales whose likely script is written right to left (ar, he, fa, ur…). */
export function textDirection(locale: string): Direction {
  try {
    const script = new Intl.Locale(locale).maximize().script;
    return script && RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

/** An ISO date (`2024-09-23`) as the locale writes it: "September 23, 2024", "23 septembre 2024". */
export function formatDate(isoDate: string, locale: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}
