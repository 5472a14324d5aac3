/**
 * Generated audience files for the send measurements: the generated recipients
 * as a subscribers CSV (with a few duplicate and invalid rows, as real exports
 * have), and a suppression list naming one recipient in a hundred.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { quoteCsvCell } from '../src/audience/csv.ts';
import { recipientAt } from './recipients.ts';


export type AudienceFiles = Readonly<{
  audience: string;
  suppress: string;
  rows: number;
  /** Rows that are sendable once duplicates, invalid rows and suppressed addresses are left out. */
  deliverable: number;
}>;

/** Every `SUPPRESS_EVERY`th recipient is on the suppression list. */
export const SUPPRESS_EVERY = 100;

async function writeLines(file: string, lines: (write: (line: string) => Promise<void>) => Promise<void>): Promise<void> {
  const out = createWriteStream(file);
  await lines(async (line) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  });
  out.end();
  await once(out, 'finish');
}

/** Writes `recipients` subscribers (plus a duplicate and an invalid row per 10,000) and the suppression list. */
export async function writeAudience(audience: string, suppress: string, recipients: number): Promise<AudienceFiles> {
  const extras = Math.max(1, Math.floor(recipients / 10_000));
  await writeLines(audience, async (write) => {
    await write('email,first_name,last_name');
    for (let i = 0; i < recipients; i++) {
      const r = recipientAt(i);
      await write([r.email, r.fields.first_name ?? '', r.fields.last_name ?? ''].map(quoteCsvCell).join(','));
      if (i % 10_000 === 5_000 % Math.max(1, recipients)) {
        await write([r.email.toUpperCase(), 'Duplicate', ''].map(quoteCsvCell).join(',')); // the same address again
        await write(['not-an-address', 'Invalid', ''].map(quoteCsvCell).join(','));
      }
    }
  });
  let suppressed = 0;
  await writeLines(suppress, async (write) => {
    await write('email');
    for (let i = 0; i < recipients; i += SUPPRESS_EVERY) {
      await write(recipientAt(i).email);
      suppressed++;
    }
  });
  return { audience, suppress, rows: recipients + 2 * extras, deliverable: recipients - suppressed };
}
