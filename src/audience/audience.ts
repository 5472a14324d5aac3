/**
 * The audience file: a CSV with an `email` column; every other column becomes
 * a merge field (`first_name`, `last_name`, `city`, …). Rows stream through
 * `filterAudience`, which drops invalid, suppressed and duplicate addresses
 * and says why, with the line number.
 */
import { checkAddress } from './email-address.ts';
import { openCsv } from './csv.ts';

/** A merge value longer than this is a broken export, not a name. */
export const MAX_FIELD_LENGTH = 2_000;

export type AudienceRow = Readonly<{
  line: number;
  /** Normalised (lower-cased, trimmed, punycode domain) address. */
  email: string;
  /** Non-empty columns other than the address, by normalised header name. */
  fields: Readonly<Record<string, string>>;
}>;

/** `consent`: the consent record forbids it (expired implied consent, a withdrawal; no record under `consent: require`). */
export type SkipReason = 'invalid' | 'duplicate' | 'suppressed' | 'consent';

/** Rows skipped, by reason; `consent` appears once a row is dropped for it. */
export type SkipCounts = Record<'invalid' | 'duplicate' | 'suppressed', number> & { consent?: number };

export type SkippedRow = Readonly<{
  line: number;
  /** The address as written (trimmed) for invalid rows; normalised otherwise. */
  email: string;
  reason: SkipReason;
  /** Human detail: what is wrong, which line it duplicates, which list suppresses it. */
  detail: string;
}>;

export type AudienceEntry = ({ kind: 'row' } & AudienceRow) | ({ kind: 'skip' } & SkippedRow);

export type AudienceFile = Readonly<{
  file: string;
  columns: readonly string[];
  entries: AsyncIterable<AudienceEntry>;
}>;

/** Opens an audience file; rows are checked one by one as they are read. */
export async function readAudience(file: string): Promise<AudienceFile> {
  const table = await openCsv(file, { kind: 'audience' });
  const { columns, emailIndex } = table;
  async function* entries(): AsyncGenerator<AudienceEntry> {
    for await (const row of table.rows) {
      const raw = row.cells[emailIndex] ?? '';
      const checked = checkAddress(raw);
      if (!checked.ok) {
        yield { kind: 'skip', line: row.line, email: raw.trim(), reason: 'invalid', detail: checked.reason };
        continue;
      }
      const fields = new Map<string, string>();
      let tooLong: string | undefined;
      for (let i = 0; i < columns.length; i++) {
        if (i === emailIndex) continue;
        const value = row.cells[i]?.trim();
        if (!value) continue;
        if (value.length > MAX_FIELD_LENGTH) tooLong = columns[i];
        // First column of a repeated name wins, as a reader of the sheet would expect.
        // A Map, then own properties: a column named `constructor` or `__proto__` is a field like any other.
        if (!fields.has(columns[i]!)) fields.set(columns[i]!, value);
      }
      if (tooLong) {
        yield { kind: 'skip', line: row.line, email: checked.email, reason: 'invalid', detail: `the ${tooLong} column is longer than ${MAX_FIELD_LENGTH} characters` };
        continue;
      }
      yield { kind: 'row', line: row.line, email: checked.email, fields: Object.fromEntries(fields) };
    }
  }
  return { file, columns, entries: entries() };
}

export type AudienceFilter = Readonly<{
  /** Why an address must not be sent to (e.g. `in stop.csv line 4`), or null. */
  suppression: (email: string) => string | null;
  /** The same with its reason named (suppressed, or consent), when the filter knows it; used instead of `suppression`. */
  verdict?: (email: string) => Readonly<{ reason: 'suppressed' | 'consent'; detail: string }> | null;
  /**
   * Admits a row to the campaign. Returns null when admitted, or the line of
   * the earlier row with the same address (a duplicate). The campaign store
   * implements this on disk so a million addresses need no memory.
   */
  admit: (row: AudienceRow) => number | null;
}>;

const suppressedBy = (detail: string | null) => (detail === null ? null : { reason: 'suppressed' as const, detail });

/** Drops suppressed and duplicate rows (invalid ones arrive already dropped). */
export async function* filterAudience(entries: AsyncIterable<AudienceEntry>, filter: AudienceFilter): AsyncGenerator<AudienceEntry> {
  for await (const entry of entries) {
    if (entry.kind === 'skip') {
      yield entry;
      continue;
    }
    const verdict = filter.verdict ? filter.verdict(entry.email) : suppressedBy(filter.suppression(entry.email));
    if (verdict !== null) {
      yield { kind: 'skip', line: entry.line, email: entry.email, reason: verdict.reason, detail: verdict.detail };
      continue;
    }
    const duplicateOf = filter.admit(entry);
    if (duplicateOf !== null) {
      yield { kind: 'skip', line: entry.line, email: entry.email, reason: 'duplicate', detail: `same address as line ${duplicateOf}` };
      continue;
    }
    yield entry;
  }
}

/** An in-memory `admit` for small lists (test sends, unit tests). */
export function memoryAdmit(): (row: AudienceRow) => number | null {
  const seen = new Map<string, number>();
  return (row) => {
    const earlier = seen.get(row.email);
    if (earlier !== undefined) return earlier;
    seen.set(row.email, row.line);
    return null;
  };
}
