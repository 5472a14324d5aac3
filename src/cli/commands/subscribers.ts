/**
 * `dispatch subscribers import|export|erase`: the consent record
 * (src/subscribers/consent-record.ts). Import appends; export hands the
 * record over as CSV; erase removes a person and keeps only a salted hash.
 */
import { checkAddress } from '../../audience/email-address.ts';
import { DispatchError, EXIT, printable } from '../../errors/errors.ts';
import { defineCommand, usageLine } from '../command.ts';

const SUBCOMMANDS = ['import', 'export', 'erase'];

export const subscribers = defineCommand({
  name: 'subscribers',
  summary: 'the consent record: import a list with its consent, export it as CSV, erase a person',
  usage: 'import <csv> | export [--email ADDRESS] [--out FILE] | erase <email>  [--db PATH]',
  description:
    'import <csv> reads email, first_name, postal_code, locale, consent (express|implied), consent_date, consent_source and implied_reason ' +
    '(donation, membership, volunteering, inquiry) and appends each row\'s consent to the record; one bad row and nothing is written. ' +
    'export writes every consent event with the person\'s details (what a regulator or the person may ask for). ' +
    'erase <email> deletes the person from the record and keeps only a salted hash, so no later import or send reaches them.',
  options: {
    db: { type: 'string', value: 'PATH', description: 'the record (default: $DISPATCH_DB, else .dispatch/dispatch.db)' },
    out: { type: 'string', value: 'FILE', description: 'export: file to write, owner-only (default: stdout)' },
    email: { type: 'string', value: 'ADDRESS', description: 'export: one person\'s record only' },
  },
  arguments: [
    { name: 'subcommand', what: 'the subcommand: import, export or erase' },
    { name: 'target', what: 'the CSV file (import) or the address (erase)', optional: true },
  ],
  exitCodes: [
    [EXIT.ok, 'done'],
    [EXIT.failed, 'import: some rows name erased addresses and were refused (the others were imported)'],
    [EXIT.usage, 'usage mistake, a CSV with problems (nothing imported), or a record that cannot be opened'],
  ],
  async run({ args, options }) {
    const usage = `usage: ${usageLine(subscribers)}`;
    const sub = args.subcommand;
    if (!SUBCOMMANDS.includes(sub)) throw new DispatchError(`unknown command ${printable(sub)}`, { hint: usage });
    if (sub === 'export' && args.target !== undefined) throw new DispatchError(`unexpected argument "${printable(args.target)}"`, { hint: usage });
    if (sub !== 'export' && args.target === undefined) throw new DispatchError(`missing ${sub === 'import' ? 'the CSV file' : 'the address to erase'}`, { hint: usage });
    const [{ openDb, resolveDbPath }, record] = await Promise.all([import('../../store/db.ts'), import('../../subscribers/consent-record.ts')]);
    const dbPath = resolveDbPath(options.db);

    if (sub === 'export') {
      const db = openDb(dbPath, { readonly: true });
      try {
        if (options.out) {
          const rows = await record.exportConsent(db, options.out, options.email);
          console.error(`${rows} consent event${rows === 1 ? '' : 's'} written to ${options.out}`);
        } else {
          await record.writeConsentCsv(db, process.stdout, options.email);
        }
      } finally {
        db.close();
      }
      return EXIT.ok;
    }

    if (sub === 'erase') {
      const address = checkAddress(args.target!);
      if (!address.ok) throw new DispatchError(`${printable(args.target!)}: ${address.reason}`, { hint: 'give the address exactly as the person wrote it' });
      const db = openDb(dbPath);
      try {
        const erased = record.erasePerson(db, address.email);
        const removed = erased.subscribers + erased.consentEvents + erased.suppressions + erased.recipients + erased.skips + erased.syncedContacts + erased.emailEvents;
        console.log(
          `${erased.alreadyErased ? 'already erased; ' : ''}removed ${removed} row${removed === 1 ? '' : 's'} naming the address (${erased.consentEvents} consent events, ${erased.suppressions} suppression, ` +
            `${erased.recipients} campaign recipients, ${erased.skips} skipped rows, ${erased.syncedContacts} synced contacts); only a salted hash is kept, so no import or send reaches it again`,
        );
        console.error('note: files outside the record (outbox folders, send reports, exported CSVs, Resend\'s own contacts) are not touched: delete the address there too');
      } finally {
        db.close();
      }
      return EXIT.ok;
    }

    const db = openDb(dbPath);
    try {
      const result = await record.importConsent(db, args.target!);
      console.log(`${args.target}: ${result.rows} row${result.rows === 1 ? '' : 's'}, ${result.added} consent event${result.added === 1 ? '' : 's'} added${result.refused.length ? `, ${result.refused.length} refused` : ''}`);
      for (const row of result.refused) console.error(`${args.target}:${row.line}: ${printable(row.email)}: ${row.detail}`);
      return result.refused.length > 0 ? EXIT.failed : EXIT.ok;
    } finally {
      db.close();
    }
  },
});
