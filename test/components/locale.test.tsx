import { describe, expect, it } from 'vitest';
import { NETWORK_NAMES, borderInlineStart, formatDate, messagesFor, paddingInlineEnd, textAlignEnd, textDirection } from '../../components/index.ts';

describe('textDirection', () => {
  it.each(['ar', 'ar-EG', 'he', 'fa-IR', 'ur', 'dv', 'ckb'])('%s is written right to left', (locale) => {
    expect(textDirection(locale)).toBe('rtl');
  });

  it.each(['en-CA', 'fr-CA', 'tr', 'ms', 'ar-Latn', 'zh-Hant'])('%s is written left to right', (locale) => {
    expect(textDirection(locale)).toBe('ltr');
  });

  it('falls back to left to right for a tag that is not a locale', () => {
    expect(textDirection('not a locale!')).toBe('ltr');
    expect(textDirection('')).toBe('ltr');
  });
});

describe('formatDate', () => {
  it('writes an ISO date the way the locale does, on that day whatever the time zone', () => {
    expect(formatDate('2024-09-23', 'en-CA')).toBe('September 23, 2024');
    expect(formatDate('2024-09-23', 'fr-CA')).toBe('23 septembre 2024');
    expect(formatDate('2024-01-01', 'en-CA')).toBe('January 1, 2024');
    expect(formatDate('2024-12-31', 'en-CA')).toBe('December 31, 2024');
    expect(formatDate('2024-09-23', 'ar')).toContain('2024');
    expect(formatDate('2024-09-23', 'ar')).toContain('سبتمبر');
  });
});

describe('messagesFor', () => {
  it('finds the table by language, whatever the region or case, and English for a language without one', () => {
    expect(messagesFor('fr-CA').donate).toBe('Faire un don');
    expect(messagesFor('FR').viewInBrowser).toBe('Voir dans le navigateur');
    expect(messagesFor('ar-EG').unsubscribe).toBe('إلغاء الاشتراك');
    expect(messagesFor('en-GB').keepReading).toBe('Keep reading');
    expect(messagesFor('de-DE').keepReading).toBe('Keep reading');
  });

  it('fills names into the sentences that carry them', () => {
    expect(messagesFor('en-CA').episode('The Political Muslim', 3, 'Nokha Dakroub')).toBe('The Political Muslim: Episode 3 - Nokha Dakroub');
    expect(messagesFor('fr-CA').subscribeTo('The Political Muslim')).toBe('S’abonner à The Political Muslim');
    expect(messagesFor('ar').withGuest('نخلة')).toBe('مع نخلة');
    expect(messagesFor('en-CA').whyReceiving('CMPAC')).toContain('from CMPAC.');
  });

  it('every table has every message, none empty', () => {
    const english = messagesFor('en');
    for (const locale of ['fr', 'ar']) {
      const table = messagesFor(locale);
      expect(Object.keys(table).sort()).toEqual(Object.keys(english).sort());
      expect(table).not.toBe(english);
      for (const [key, value] of Object.entries(table)) {
        const text = typeof value === 'function' ? String(value('x', 1, 'y')) : ([] as string[]).concat(value).join('');
        expect(text.trim(), `${locale}.${key}`).not.toBe('');
      }
    }
    expect(Object.values(NETWORK_NAMES)).toContain('YouTube');
  });
});

describe('logical sides as physical ones', () => {
  it('padding at the end of the line, a border at its start and text at its end: mirrored in right-to-left text', () => {
    expect(paddingInlineEnd('ltr', '12px')).toEqual({ paddingRight: '12px' });
    expect(paddingInlineEnd('rtl', '12px')).toEqual({ paddingLeft: '12px' });
    expect(borderInlineStart('ltr', '4px solid red')).toEqual({ borderLeft: '4px solid red' });
    expect(borderInlineStart('rtl', '4px solid red')).toEqual({ borderRight: '4px solid red' });
    expect(textAlignEnd('ltr')).toBe('right');
    expect(textAlignEnd('rtl')).toBe('left');
  });
});
