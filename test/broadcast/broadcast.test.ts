/**
 * Broadcast mode end to end against the Resend stand-in: audience sync (with
 * a kill and a re-run), merge tags, neutralised contact properties, and a
 * broadcast that is created and sent exactly once however often it runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { Resend } from 'resend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { broadcastContent, runBroadcast } from '../../src/broadcast/broadcast.ts';
import { desiredContact, neutralise } from '../../src/broadcast/contact-fields.ts';
import { toResendMergeTags } from '../../src/broadcast/merge-tags.ts';
import { loadIssue } from '../../src/content/load.ts';
import { openDb, type Db } from '../../src/store/db.ts';
import { addSuppression } from '../../src/suppressions/suppressions.ts';
import { startResendStandIn, type StandIn } from '../support/resend-stand-in/index.ts';
import { runScriptAsync } from '../support/run-script.ts';

const ISSUE = 'content/issues/2024-09-23-podcast-advocacy-updates.yaml';
let standIn: StandIn;
let dir: string;
let dbPath: string;
let env: Record<string, string>;

beforeAll(async () => {
  standIn = await startResendStandIn();
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.reset();
  dir = mkdtempSync(path.join(tmpdir(), 'dispatch-broadcast-'));
  dbPath = path.join(dir, 'dispatch.db');
  env = { RESEND_API_KEY: standIn.apiKey, RESEND_BASE_URL: standIn.url };
});

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const sync = (file: string, ...args: string[]) => runScriptAsync('audience-sync', [file, '--segment', 'newsletter', '--db', dbPath, ...args], env);
/** Every attribute of the HTML as [name, value] (entities decoded), and the text of its comments (where Outlook's VML lives). */
function attributesAndComments(html: string): { attributes: Array<[string, string]>; comments: string[] } {
  const attributes: Array<[string, string]> = [];
  const comments: string[] = [];
  const parser = new Parser({ onattribute: (name, value) => attributes.push([name, value]), oncomment: (text) => comments.push(text) }, { decodeEntities: true });
  parser.end(html);
  return { attributes, comments };
}
const segmentContacts = () => {
  const segment = [...standIn.segments.values()].find((s) => s.name === 'newsletter')!;
  return [...standIn.contacts.values()].filter((contact) => contact.segmentIds.has(segment.id));
};

describe('merge tags and neutralising', () => {
  it('turns our merge fields into Resend tags', () => {
    expect(toResendMergeTags('Salaam {{first_name|friend}}, {{ last_name }} <a href="{{unsubscribe_url|https://x.org/u}}">{{email}}</a> {{city|Canada}}')).toBe(
      'Salaam {{{FIRST_NAME|friend}}}, {{{LAST_NAME}}} <a href="{{{RESEND_UNSUBSCRIBE_URL}}}">{{{EMAIL}}}</a> {{{city|Canada}}}',
    );
  });

  it('removes markup and merge-tag braces from values Resend would insert raw', () => {
    expect(neutralise('<img src=x onerror=alert(1)>Ann').value).toBe('img src=x onerror=alert(1)Ann');
    expect(neutralise('{{{RESEND_UNSUBSCRIBE_URL}}}').value).toBe('RESEND_UNSUBSCRIBE_URL');
    expect(neutralise('Zoë-Marie O’Neil')).toEqual({ value: 'Zoë-Marie O’Neil', changed: false });
    expect(desiredContact('a@x.org', { first_name: '<b>x</b>', city: 'a\u0000b', 'bad key!': 'v' }, false)).toMatchObject({ firstName: 'bx/b', properties: { city: 'a b' }, neutralised: ['city', 'first_name'] });
  });
});

describe('npm run audience:sync', () => {
  it('creates the segment, upserts contacts, marks suppressed ones unsubscribed, and reports every row', async () => {
    const db = openDb(dbPath);
    addSuppression(db, { address: 'listed@example.org', reason: 'complained', source: 'test', time: new Date().toISOString() });
    db.close();
    const file = write('subs.csv', 'email,first_name,last_name,city\r\nann@example.org,<script>x</script>Ann,Lee,Paris\r\nlisted@example.org,Li,,\r\nfiled@example.org,Fi,,\r\nnot-an-address,,,\r\nANN@example.org,Dup,,\r\nbo@example.org,,,{{{EMAIL}}}\r\n');
    const stop = write('stop.csv', 'email\nfiled@example.org\n');
    const first = await sync(file, '--suppress', stop);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/6 rows: 4 created, 0 updated, 0 unchanged, 2 unsubscribed, 1 rejected, 1 duplicates; 2 values changed \(markup, quotes or control characters removed\)/);
    expect(first.stderr).toMatch(/line 5: not-an-address/);
    const contacts = segmentContacts();
    expect(contacts.map((c) => c.email).sort()).toEqual(['ann@example.org', 'bo@example.org', 'filed@example.org', 'listed@example.org']);
    expect(contacts.filter((c) => c.unsubscribed).map((c) => c.email).sort()).toEqual(['filed@example.org', 'listed@example.org']);
    expect(contacts.find((c) => c.email === 'ann@example.org')).toMatchObject({ first_name: 'scriptx/scriptAnn', last_name: 'Lee', properties: { city: 'Paris' } });
    const values = contacts.flatMap((c) => [c.first_name ?? '', c.last_name ?? '', ...Object.values(c.properties).map(String)]);
    expect(values.filter((value) => /[<>{}]/.test(value))).toEqual([]);

    // Same file again: nothing changed, nothing imported, and no one re-subscribed.
    const requestsBefore = standIn.requests.filter((r) => r.path === '/contacts/imports' && r.method === 'POST').length;
    const again = await sync(file, '--suppress', stop);
    expect(again.stdout).toMatch(/0 created, 0 updated, 4 unchanged/);
    expect(standIn.requests.filter((r) => r.path === '/contacts/imports' && r.method === 'POST').length).toBe(requestsBefore);
    expect(standIn.segments.size).toBe(1);
  });

  it('strips quotes and control characters too, so no field breaks out of an attribute, and says how many values it changed', async () => {
    const file = write('quotes.csv', 'email,first_name,last_name,city\r\nq@example.org,"x"" onmouseover=""alert(1)",O\'Neil,`Pa\u0085ris`\r\nplain@example.org,Zoë,Lee,Paris\r\n');
    const result = await sync(file);
    expect(result.status, result.stderr).toBe(0);
    const contact = segmentContacts().find((c) => c.email === 'q@example.org')!;
    // The apostrophe becomes a typographic one: O’Neil keeps its name and loses its quote.
    expect(contact).toMatchObject({ first_name: 'x onmouseover=alert(1)', last_name: 'O’Neil', properties: { city: 'Pa ris' } });
    expect(result.stdout).toMatch(/; 3 values changed \(markup, quotes or control characters removed\)$/m);
    const values = segmentContacts().flatMap((c) => [c.first_name ?? '', c.last_name ?? '', ...Object.values(c.properties).map(String)]);
    expect(values.filter((value) => /["'`<>{}\p{Cc}]/u.test(value))).toEqual([]);
  });

  it('lists a rejected row with its control characters escaped, not sent raw to the terminal', async () => {
    const file = write('escapes.csv', 'email,first_name\n"bad\u001b[31m\u0007addr",A\nok@example.org,B\n');
    const result = await sync(file);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('line 2: bad\\x1b[31m\\x07addr: ');
    expect(result.stderr).not.toMatch(/[\u0007\u001b]/);
  });

  it('resumes after a kill: a re-run imports only what the killed run had not', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `reader${i}@example.org,Reader${i}`);
    const file = write('big.csv', `email,first_name\n${rows.join('\n')}\n`);
    standIn.setRateLimit(4);
    // node itself, not the tsx wrapper: SIGKILL to the wrapper would leave the sync running on in its child.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/dispatch.ts', 'audience', 'sync', file, '--segment', 'newsletter', '--db', dbPath, '--chunk', '5'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let imported = 0;
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        imported += (chunk.toString().match(/^imported /gm) ?? []).length;
        if (imported >= 3) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', (code) => (code === 0 ? reject(new Error('the sync finished before it could be killed')) : resolve()));
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const importedBeforeKill = segmentContacts().length;
    expect(importedBeforeKill).toBeGreaterThanOrEqual(15);
    expect(importedBeforeKill).toBeLessThan(60);
    const acceptedImports = () => standIn.requests.filter((r) => r.path === '/contacts/imports' && r.method === 'POST' && r.status === 201).length;
    const importsBeforeKill = acceptedImports();

    standIn.setRateLimit(null);
    const rerun = await sync(file, '--chunk', '5');
    expect(rerun.status, rerun.stderr).toBe(0);
    const unchanged = Number(/(\d+) unchanged/.exec(rerun.stdout)![1]);
    // What Resend had at the kill is skipped, but for the chunk in flight, whose answer the killed run never recorded.
    expect(unchanged).toBeGreaterThanOrEqual(importedBeforeKill - 5);
    expect(unchanged).toBeLessThanOrEqual(importedBeforeKill);
    expect(segmentContacts()).toHaveLength(60);
    expect(new Set(segmentContacts().map((c) => c.email)).size).toBe(60);
    // The re-run imports exactly the rows the killed run had not recorded, a chunk per request.
    expect(acceptedImports() - importsBeforeKill).toBe(Math.ceil((60 - unchanged) / 5));
  });
});

describe('broadcast', () => {
  let db: Db;
  let resend: Resend;
  beforeEach(() => {
    db = openDb(dbPath);
    resend = new Resend(standIn.apiKey, { baseUrl: standIn.url });
  });
  const noPreflight = async () => undefined;
  const broadcast = (send: boolean, extra: Partial<Parameters<typeof runBroadcast>[0]> = {}) =>
    runBroadcast({ db, resend, issueFile: ISSUE, segment: 'newsletter', send, preflight: noPreflight, ...extra });

  it('creates one draft, sends it once, and never again; Resend fills its own tags', async () => {
    const file = write('subs.csv', 'email,first_name\nann@example.org,<b>Ann</b>\nnoname@example.org,\nleft@example.org,Left\n');
    addSuppression(db, { address: 'left@example.org', reason: 'unsubscribed', source: 'test', time: new Date().toISOString() });
    expect((await sync(file)).status).toBe(0);

    const draft = await broadcast(false);
    expect(draft).toMatchObject({ state: 'draft', action: 'created draft' });
    const stored = standIn.broadcasts.get(draft.broadcastId)!;
    expect(stored.html).toContain('{{{FIRST_NAME|friend}}}');
    expect(stored.html).toContain('href="{{{RESEND_UNSUBSCRIBE_URL}}}"');
    expect(stored.html).not.toMatch(/\{\{(?!\{)[a-z_]+/);
    expect(stored.text).toContain('{{{RESEND_UNSUBSCRIBE_URL}}}');
    expect(stored).toMatchObject({ name: '2024-09-23-podcast-advocacy-updates', from: expect.stringContaining('@'), preview_text: expect.any(String) });
    expect(await broadcast(false)).toMatchObject({ broadcastId: draft.broadcastId, action: 'nothing (draft unchanged)' });

    const sent = await broadcast(true);
    expect(sent).toMatchObject({ broadcastId: draft.broadcastId, state: 'sent', action: 'sent' });
    expect(standIn.broadcasts.size).toBe(1);
    expect([...standIn.countByRecipient()].sort()).toEqual([['ann@example.org', 1], ['noname@example.org', 1]]);
    const [ann] = standIn.deliveriesTo('ann@example.org');
    expect(ann!.html).toContain('Salaam bAnn/b');
    expect(ann!.html).not.toContain('<b>Ann');
    expect(standIn.deliveriesTo('noname@example.org')[0]!.html).toContain('Salaam friend');

    expect(await broadcast(true)).toMatchObject({ broadcastId: draft.broadcastId, action: 'nothing (already done)' });
    expect(standIn.broadcasts.size).toBe(1);
    expect(standIn.emails).toHaveLength(2);
  });

  it('keeps merge tags out of attribute values: only Resend\'s own unsubscribe link is in an href', async () => {
    // A merge field in the podcast image's alt text: in a broadcast it would put a contact's value inside alt="…".
    const source = readFileSync(ISSUE, 'utf8').replace(/alt: Nokha Dakroub speaking[^\n]*/, 'alt: "Hello {{first_name|friend}}, Nokha Dakroub on The Political Muslim"');
    expect(source).toContain('{{first_name|friend}}, Nokha');
    const issue = loadIssue(write('2024-09-23-alt.yaml', source), { brandPath: 'content/brand.yaml' });
    const { html } = await broadcastContent(issue, 'alt');
    const { attributes, comments } = attributesAndComments(html);
    const tagged = attributes.filter(([, value]) => value.includes('{{'));
    expect(tagged.length).toBeGreaterThan(0);
    // Resend's {{{RESEND_UNSUBSCRIBE_URL}}} is the one exception: Resend fills it with its own link, not contact data.
    expect(tagged).toEqual(tagged.map(() => ['href', '{{{RESEND_UNSUBSCRIBE_URL}}}']));
    expect(comments.filter((text) => text.includes('{{'))).toEqual([]);
    expect(attributes).toContainEqual(['alt', 'Hello friend, Nokha Dakroub on The Political Muslim']);
    expect(html).toContain('Salaam {{{FIRST_NAME|friend}}}');
  });

  it('adopts the broadcast an interrupted run created, and checks before re-sending an in-doubt send', async () => {
    expect((await sync(write('subs.csv', 'email\na@example.org\n'))).status).toBe(0);
    const first = await broadcast(false);
    // A kill right after the create call, before the id was recorded:
    db.prepare("UPDATE broadcasts SET state = 'creating', broadcast_id = NULL").run();
    expect(await broadcast(false)).toMatchObject({ broadcastId: first.broadcastId });
    expect(standIn.broadcasts.size).toBe(1);
    await broadcast(true);
    // A kill after the send call, before 'sent' was recorded:
    db.prepare("UPDATE broadcasts SET state = 'sending'").run();
    expect(await broadcast(true)).toMatchObject({ state: 'sent', action: 'nothing (already done)' });
    expect(standIn.emails).toHaveLength(1);
  });

  it('schedules with --schedule, and refuses when preflight fails or the segment is unknown', async () => {
    await expect(broadcast(false)).rejects.toThrow(/no segment "newsletter"/);
    expect((await sync(write('subs.csv', 'email\na@example.org\n'))).status).toBe(0);
    await expect(broadcast(true, { preflight: async () => { throw new Error('preflight found 1 error'); } })).rejects.toThrow(/preflight/);
    expect(standIn.broadcasts.size).toBe(0);
    const at = new Date(Date.now() + 3_600_000).toISOString();
    expect(await broadcast(true, { schedule: at })).toMatchObject({ state: 'scheduled' });
    expect(standIn.emails).toHaveLength(0);
    expect([...standIn.broadcasts.values()][0]!.status).toBe('scheduled');
  });

  it('the command refuses without a key, and --schedule without --send (exit 2)', async () => {
    expect((await runScriptAsync('broadcast', [ISSUE, '--segment', 'x', '--db', dbPath], { RESEND_API_KEY: '' })).status).toBe(2);
    const result = await runScriptAsync('broadcast', [ISSUE, '--segment', 'x', '--db', dbPath, '--schedule', '2099-01-01T00:00:00Z', '--preflight-tools', 'none'], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--schedule needs --send/);
    const unknownTool = await runScriptAsync('broadcast', [ISSUE, '--segment', 'x', '--db', dbPath, '--preflight-tools', 'chromium,lynx'], env);
    expect(unknownTool.status).toBe(2);
    expect(unknownTool.stderr).toContain('error: --preflight-tools: unknown tool lynx (choose from chromium, java, spamassassin or none)');
  });
});
