/**
 * Names of Object.prototype's members (`constructor`, `__proto__`,
 * `toString`…) given where a key is looked up in a table: a language tag, a
 * merge field in an issue, an audience column, a colour. Each is an ordinary
 * unknown name (its fallback), never a member inherited from Object.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messagesFor } from '../../components/locale/messages.ts';
import { webMessagesFor } from '../../src/archive/web/messages.ts';
import { readAudience } from '../../src/audience/audience.ts';
import { normaliseColumnName } from '../../src/audience/csv.ts';
import { toResendMergeTags } from '../../src/broadcast/merge-tags.ts';
import { compileMerge, fillMergeFields } from '../../src/content/merge-fields.ts';
import { parseColor } from '../../src/preflight/contrast.ts';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

describe('names of Object.prototype members are not keys', () => {
  it.each(NAMES)('the component and archive word tables: locale %s gets English', (name) => {
    expect(messagesFor(name)).toBe(messagesFor('en'));
    expect(messagesFor(`${name}-CA`)).toBe(messagesFor('en'));
    expect(webMessagesFor(name)).toBe(webMessagesFor('en'));
  });

  it.each(NAMES)('a merge field {{%s|friend}} with no such column takes its fallback', (name) => {
    const source = `Salaam {{${name}|friend}}, {{${name}}}!`;
    expect(fillMergeFields(source, { first_name: 'Amina' }, 'html')).toBe('Salaam friend, !');
    expect(compileMerge(source, 'text').fill({})).toBe('Salaam friend, !');
  });

  it.each(NAMES)('an audience column named %s is a merge field like any other', async (name) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-keys-')), 'audience.csv');
    writeFileSync(file, `email,${name},first_name\namina@example.org,kept,Amina\n`);
    const rows = [];
    for await (const entry of (await readAudience(file)).entries) rows.push(entry);
    expect(rows).toEqual([expect.objectContaining({ kind: 'row', email: 'amina@example.org' })]);
    const fields = (rows[0] as { fields: Record<string, string> }).fields;
    const column = normaliseColumnName(name, 1); // as the header is read: lower case, no leading underscores
    expect(Object.entries(fields)).toEqual([[column, 'kept'], ['first_name', 'Amina']]);
    expect(fillMergeFields(`{{${column}|x}}`, fields, 'text')).toBe('kept');
  });

  it.each(NAMES)('a broadcast merge tag for {{%s}} is the contact property of that name', (name) => {
    expect(toResendMergeTags(`{{${name}|friend}}`)).toBe(`{{{${name}|friend}}}`);
  });

  it.each(NAMES)('a colour named %s is not a colour', (name) => {
    expect(parseColor(name)).toBeUndefined();
  });
});
