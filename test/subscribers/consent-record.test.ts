/**
 * The consent record: CASL's expiry of implied consent, an import that is
 * all or nothing, events that are never rewritten, an export a regulator can
 * read, and an erasure that leaves only a salted hash.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError } from '../../src/errors/errors.ts';
import { openDb, openMemoryDb, type Db } from '../../src/store/db.ts';
import { consentEventsOf, findSubscriber } from '../../src/store/subscribers.ts';
import { suppressionFilter } from '../../src/store/suppressions.ts';
import { consentStanding, impliedExpiry } from '../../src/subscribers/consent.ts';
import { consentCsvLines, erasePerson, importConsent } from '../../src/subscribers/consent-record.ts';
import { addSuppression } from '../../src/suppressions/suppressions.ts';
import { campaignCounts } from '../../src/store/results.ts';
import { seedEvents } from '../support/results-record.ts';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const dir = () => mkdtempSync(path.join(tmpdir(), 'dispatch-consent-'));
function csv(text: string): string {
  const file = path.join(dir(), 'people.csv');
  writeFileSync(file, text);
  return file;
}
const HEADER = 'email,first_name,postal_code,locale,consent,consent_date,consent_source,implied_reason';

describe('implied consent under CASL', () => {
  it('lasts two years after a donation, membership or volunteering, six months after an inquiry', () => {
    expect(impliedExpiry('donation', '2024-10-06T00:00:00.000Z')).toBe('2026-10-06T00:00:00.000Z');
    expect(impliedExpiry('membership', '2025-01-15T00:00:00.000Z')).toBe('2027-01-15T00:00:00.000Z');
    expect(impliedExpiry('volunteering', '2024-02-29T00:00:00.000Z')).toBe('2026-02-28T00:00:00.000Z');
    expect(impliedExpiry('inquiry', '2026-08-31T00:00:00.000Z')).toBe('2027-02-28T00:00:00.000Z');
    expect(() => impliedExpiry('constructor', '2026-01-01T00:00:00.000Z')).toThrow(/not an implied-consent reason/);
  });

  it('a withdrawal ends what came before it; consent given after it counts again', () => {
    const event = (kind: 'given' | 'implied' | 'withdrawn', occurredAt: string) => ({
      email: 'a@example.org',
      kind,
      occurredAt,
      source: 'test',
      recordedAt: occurredAt,
      ...(kind === 'implied' ? { impliedReason: 'donation', expiresAt: impliedExpiry('donation', occurredAt) } : {}),
    });
    expect(consentStanding([event('given', '2025-01-01T00:00:00Z'), event('withdrawn', '2025-06-01T00:00:00Z')], NOW)).toMatchObject({ state: 'withdrawn' });
    expect(consentStanding([event('withdrawn', '2025-06-01T00:00:00Z'), event('given', '2025-07-01T00:00:00Z')], NOW)).toMatchObject({ state: 'express' });
    expect(consentStanding([event('implied', '2024-11-06T00:00:00.000Z')], NOW)).toMatchObject({ state: 'expired', until: '2026-11-06T00:00:00.000Z' });
    expect(consentStanding([event('implied', '2025-11-06T00:00:00.000Z')], NOW)).toMatchObject({ state: 'implied' });
    expect(consentStanding([], NOW)).toEqual({ state: 'none' });
  });
});

describe('dispatch subscribers import', () => {
  it('records who agreed, when, how and why, and a second import of the same file adds nothing', async () => {
    const db = openMemoryDb();
    const file = csv(
      [HEADER, 'Amina@Example.org,Amina,M5V 2T6,fr,express,2025-03-01,paper form at the 2025 AGM,', 'yusuf@example.org,Yusuf,,en,implied,2024-11-06,,donation'].join('\n'),
    );
    expect(await importConsent(db, file, NOW)).toEqual({ rows: 2, added: 2, refused: [] });
    expect(findSubscriber(db, 'amina@example.org')).toMatchObject({ firstName: 'Amina', postalCode: 'M5V 2T6', locale: 'fr' });
    expect(consentEventsOf(db, 'amina@example.org')).toEqual([
      expect.objectContaining({ kind: 'given', occurredAt: '2025-03-01T00:00:00.000Z', source: 'paper form at the 2025 AGM (import people.csv:2)', impliedReason: null, expiresAt: null }),
    ]);
    expect(consentEventsOf(db, 'yusuf@example.org')).toEqual([expect.objectContaining({ kind: 'implied', impliedReason: 'donation', expiresAt: '2026-11-06T00:00:00.000Z' })]);
    expect(await importConsent(db, file, NOW)).toEqual({ rows: 2, added: 0, refused: [] });
    expect(db.prepare('SELECT count(*) AS n FROM consent_events').get()).toEqual({ n: 2 });
  });

  it('one bad row and nothing is written; every problem is one line naming the row and column', async () => {
    const db = openMemoryDb();
    const file = csv(
      [
        HEADER,
        'good@example.org,Good,,,express,2025-01-01,web form,',
        'not-an-address,Bad,,,express,2025-01-01,web form,',
        'a@example.org,,,,expres,2025-01-01,web form,',
        'b@example.org,,,,implied,2025-02-30,,donation',
        'c@example.org,,,,implied,2025-01-01,,donaton',
        'd@example.org,,,,express,2025-01-01,,',
        'e@example.org,,,,express,2027-01-01,web form,',
      ].join('\n'),
    );
    const error = await importConsent(db, file, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    const problems = (error as ContentError).problems;
    expect(problems).toEqual([
      `${file}:3: email: not an email address (needs name@domain)`,
      `${file}:4: consent: "expres"; write express or implied (did you mean "express"?)`,
      `${file}:5: consent_date: "2025-02-30" is not a date; write YYYY-MM-DD`,
      `${file}:6: implied_reason: "donaton"; write one of donation, membership, volunteering, inquiry (did you mean "donation"?)`,
      `${file}:7: consent_source: empty; say how express consent was given (e.g. "paper form, 2024 AGM"): CASL asks the sender to prove it`,
      `${file}:8: consent_date: 2027-01-01 is in the future`,
    ]);
    expect(db.prepare('SELECT (SELECT count(*) FROM consent_events) + (SELECT count(*) FROM subscribers) AS n').get()).toEqual({ n: 0 });
  });

  it('a file without consent columns, or with a mistyped column, is refused before any row', async () => {
    const db = openMemoryDb();
    const error = (await importConsent(db, csv('email,first_nmae\na@example.org,A\n'), NOW).catch((e: unknown) => e)) as ContentError;
    expect(error.problems).toEqual([
      expect.stringMatching(/:1: first_nmae: not a subscriber column \(did you mean "first_name"\?\)/),
      expect.stringMatching(/:1: consent: the column is missing/),
      expect.stringMatching(/:1: consent_date: the column is missing/),
    ]);
  });
});

describe('the record is append-only', () => {
  it('an event cannot be rewritten in place', async () => {
    const db = openMemoryDb();
    await importConsent(db, csv(`${HEADER}\na@example.org,,,,express,2025-01-01,web form,\n`), NOW);
    expect(() => db.prepare(`UPDATE consent_events SET occurred_at = '2020-01-01T00:00:00.000Z'`).run()).toThrow(/never rewritten/);
    expect(consentEventsOf(db, 'a@example.org')[0]!.occurredAt).toBe('2025-01-01T00:00:00.000Z');
  });
});

describe('dispatch subscribers export', () => {
  it('writes every event with the person, one row each, spreadsheet-safe', async () => {
    const db = openMemoryDb();
    await importConsent(db, csv(`${HEADER}\nz@example.org,=HYPERLINK("x"),,,express,2025-01-01,web form,\na@example.org,Amina,,,implied,2026-10-01,phone call,inquiry\n`), NOW);
    const lines = [...consentCsvLines(db)];
    expect(lines[0]).toBe('email,first_name,postal_code,locale,event,occurred_at,source,implied_reason,expires_at,statement_version,statement_hash,ip,recorded_at');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^a@example\.org,Amina,,,implied,2026-10-01T00:00:00\.000Z,phone call \(import people\.csv:3\),inquiry,2027-04-01T00:00:00\.000Z,,,,/);
    expect(lines[2]).toMatch(/^z@example\.org,"'=HYPERLINK\(""x""\)",,,given,/);
    expect([...consentCsvLines(db, 'A@example.org')]).toHaveLength(2);
  });
});

/** Every text value in every table, to look for an address anywhere. */
function everyValue(db: Db): string {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
  return tables.flatMap(({ name }) => db.prepare(`SELECT * FROM "${name}"`).all().map((row) => JSON.stringify(row))).join('\n');
}

describe('dispatch subscribers erase', () => {
  it('leaves no trace of the address but a salted hash; the filter still drops it, and a later import refuses it', async () => {
    const file = path.join(dir(), 'dispatch.db');
    const db = openDb(file);
    await importConsent(db, csv(`${HEADER}\nleaving@example.org,Leila,H2X 1Y4,fr,express,2025-01-01,web form,\nstaying@example.org,Sam,,,express,2025-01-01,web form,\n`), NOW);
    addSuppression(db, { address: 'leaving@example.org', reason: 'unsubscribed', source: 'one-click', time: '2026-01-01T00:00:00.000Z' });
    // A campaign reached both, and Resend reported what each did with it (issue 17's per-recipient events).
    const readers = ['leaving@example.org', 'staying@example.org'];
    await seedEvents(db, 'weekly', readers, 7);
    const counts = campaignCounts(db, 'weekly');
    expect(everyValue(db)).toContain('leaving@example.org');

    const erased = erasePerson(db, 'Leaving@Example.org', NOW);
    expect(erased).toMatchObject({ subscribers: 1, consentEvents: 1, suppressions: 1, alreadyErased: false });
    expect(erased.emailEvents).toBeGreaterThan(0);
    // The campaign's counts hold no address: the report adds up as before.
    expect(campaignCounts(db, 'weekly')).toEqual(counts);
    const values = everyValue(db);
    expect(values).not.toMatch(/leaving/i);
    expect(values).not.toContain('Leila');
    expect(values).not.toContain('H2X 1Y4');
    expect(values).toContain('staying@example.org');
    const hashes = db.prepare('SELECT hash FROM erased_addresses').all() as { hash: string }[];
    expect(hashes).toEqual([{ hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);

    expect(suppressionFilter(db).verdict('leaving@example.org')).toEqual({ reason: 'suppressed', detail: 'erased on request (2026-12-06)' });
    expect(suppressionFilter(db).verdict('staying@example.org')).toBeNull();

    const again = await importConsent(db, csv(`${HEADER}\nLEAVING@example.org,Leila,,,express,2026-11-01,web form,\n`), NOW);
    expect(again).toEqual({ rows: 1, added: 0, refused: [{ line: 2, email: 'leaving@example.org', detail: 'erased on request (2026-12-06): never re-added' }] });
    expect(everyValue(db)).not.toMatch(/leaving/i);
    expect(erasePerson(db, 'leaving@example.org', NOW).alreadyErased).toBe(true);
    db.close();
    // Nor in the file's pages (deleted rows can linger in free pages or the WAL until checkpointed and vacuumed).
    expect(readFileSync(file).includes('leaving@example.org')).toBe(false);
  });
});
