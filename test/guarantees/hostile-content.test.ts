/**
 * Hostile and broken content files, each through the whole send command
 * (in-process, through the CLI's error path) against the Resend stand-in:
 * refused with exit 2 and one line naming the file, line and field, or, for
 * markup carried as text, sent with every byte of it inert.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as cheerio from 'cheerio';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { useStandInSuite } from '../support/stand-in-suite.ts';
import { tempContent, SAMPLE_ACTION_ALERT, SAMPLE_ISSUE as ISSUE } from '../support/content.ts';
import { recordDir } from '../support/secret-scan.ts';
import { workspace } from '../support/workspace.ts';
import { sendInProcess } from '../support/send-in-process.ts';
import { expectRefused } from '../support/refusal.ts';

const suite = useStandInSuite();
const { env } = suite;
const sample = readFileSync(ISSUE, 'utf8');
const brand = readFileSync('content/brand.yaml', 'utf8');

/** Sends `text` as an issue file (and optionally a changed brand) to a 3-person audience; answers with the run's outbox too. */
async function send(text: string | Buffer, brandText?: string) {
  const content = tempContent({ 'hostile.yaml': text });
  recordDir(content.dir);
  if (brandText !== undefined) writeFileSync(path.join(content.dir, 'brand.yaml'), brandText);
  const ws = workspace(3);
  const result = await sendInProcess({ issueFile: content.issue('hostile.yaml'), audienceFile: ws.audience, dbPath: ws.db, outboxDir: ws.outbox, yes: true }, env());
  return { ...result, outbox: ws.outbox };
}

const replaceLine = (from: RegExp, to: string) => sample.replace(from, to);
const FILE = /hostile\.yaml/;
const link = (url: string) => sample.replace(/url: https:\/\/www\.canadianmuslimpac\.ca\/statements\/2024-09-23-condemn-israeli-attacks-on-lebanon/, `url: ${JSON.stringify(url)}`);

describe('content files that must be refused (exit 2, one line naming file, line and field, nothing sent)', () => {
  const cases: Array<[string, () => string | Buffer, RegExp, string?]> = [
    ['malformed YAML (an unclosed flow sequence)', () => replaceLine(/^subject: .*$/m, 'subject: [Watch New Podcast'), /hostile\.yaml:\d+/],
    ['malformed YAML (a tab-indented mapping)', () => sample.replace(/^podcast:\n  show:/m, 'podcast:\n\tshow:'), /hostile\.yaml:\d+/],
    ['a wrong type (sections is a string)', () => sample.replace(/^sections:\n[\s\S]*?(?=^\S)/m, 'sections: "all of them"\n'), /hostile\.yaml:\d+: sections/],
    ['a wrong type (date is not a date)', () => replaceLine(/^date: .*$/m, 'date: next tuesday'), /hostile\.yaml:\d+: date/],
    ['a wrong type (image width is text)', () => sample.replace(/width: 600/, 'width: wide'), /hostile\.yaml:\d+: podcast\.image\.width/],
    ['an unknown field', () => sample.replace(/^subject:/m, 'subjct: oops\nsubject:'), /hostile\.yaml:\d+: subjct/],
    ['a missing required field (subject)', () => replaceLine(/^subject: .*\n/m, ''), /hostile\.yaml(:\d+)?: subject/],
    ['a missing required field (template)', () => replaceLine(/^template: .*\n/m, ''), /hostile\.yaml(:\d+)?: template/],
    ['a very long subject (5,000 characters)', () => replaceLine(/^subject: .*$/m, `subject: ${'A'.repeat(5_000)}`), /hostile\.yaml:\d+: subject|subject/],
    ['a very long title (300,000 characters)', () => replaceLine(/^title: .*$/m, `title: ${'Long '.repeat(60_000)}`), /hostile\.yaml:\d+: title|title/],
    ['a javascript: link', () => link('javascript:alert(document.cookie)'), /hostile\.yaml:\d+: sections\[0\]\.cards\[0\]\.link\.url/],
    ['a JaVaScRiPt: link in mixed case', () => link('JaVaScRiPt:alert(1)'), /hostile\.yaml:\d+: sections\[0\]\.cards\[0\]\.link\.url/],
    ['a data: link', () => link('data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='), /hostile\.yaml:\d+: sections\[0\]\.cards\[0\]\.link\.url/],
    ['a vbscript: link', () => link('vbscript:msgbox(1)'), /hostile\.yaml:\d+: sections\[0\]\.cards\[0\]\.link\.url/],
    ['a protocol-relative link', () => link('//evil.example/phish'), /hostile\.yaml:\d+: sections\[0\]\.cards\[0\]\.link\.url/],
    ['a whitespace-padded javascript: scheme', () => link('  \tjavascript:alert(1)'), /hostile\.yaml:\d+: sections\[0\]\.cards\[0\]\.link\.url/],
    ['a scheme broken by a tab (java\\tscript:)', () => link('java\tscript:alert(1)'), /hostile\.yaml:\d+: sections\[0\]\.cards\[0\]\.link\.url/],
    ['a javascript: link inside a Markdown summary', () => sample.replace('[youtube channel](https://www.canadianmuslimpac.ca/podcast/youtube)', '[youtube channel](javascript:alert(1))'), /hostile\.yaml:\d+: podcast\.summary/],
    ['a javascript: link in <…> broken across lines (the renderers join the lines)', () => sample.replace('summary: >-', 'summary: |-').replace('[youtube channel](https://www.canadianmuslimpac.ca/podcast/youtube)', '[youtube channel](<javascript:alert(1)\n    >)'), /hostile\.yaml:\d+: podcast\.summary: link "javascript:alert\(1\) " must be an https:\/\/ or mailto: URL/],
    ['a merge field in an own (UTM-tagged) link', () => link('https://www.canadianmuslimpac.ca/x?name={{first_name}}'), /hostile\.yaml:\d+: sections\[0\]\.cards\[0\]\.link\.url: merge fields are not allowed in links/],
    ['a merge field in another site’s Markdown link', () => sample.replace('[youtube channel](https://www.canadianmuslimpac.ca/podcast/youtube)', '[youtube channel](https://youtube.example/?n={{first_name}})'), /hostile\.yaml:\d+: podcast\.summary: link "https:\/\/youtube\.example\/\?n=\{\{first_name\}\}" merge fields are not allowed in links/],
    ['a data: image', () => sample.replace(/src: https:\/\/www\.canadianmuslimpac\.ca\/images\/podcast\/the-political-muslim-episode-3\.jpg/, 'src: "data:image/png;base64,iVBORw0KGgo="'), /hostile\.yaml:\d+: podcast\.image\.src/],
    ['CR/LF in the subject (header injection)', () => replaceLine(/^subject: .*$/m, 'subject: "Hello\\r\\nBcc: victim@example.org"'), /hostile\.yaml:\d+: subject/],
    ['a bare LF in the subject', () => replaceLine(/^subject: .*$/m, 'subject: "Hello\\nX-Evil: 1"'), /hostile\.yaml:\d+: subject/],
    ['bytes that are not UTF-8', () => Buffer.concat([Buffer.from(sample.split('\ntitle:')[0]!), Buffer.from('\ntitle: caf'), Buffer.from([0xe9, 0xff]), Buffer.from(`\ntitle:${sample.split('\ntitle:')[1]!}`)]), /hostile\.yaml:\d+: .*UTF-8/],
  ];
  it.each(cases)('%s', async (_name, make, where) => {
    const result = await send(make());
    expectRefused(result, where, { standIn: suite.standIn, outbox: result.outbox });
    expect(result.stderr).toMatch(FILE);
  });
});

describe('header injection through the brand file (exit 2, nothing sent)', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['CR/LF in from', brand.replace(/^from: .*$/m, 'from: "CMPAC <newsletter@canadianmuslimpac.ca>\\r\\nBcc: victim@example.org"'), /brand\.yaml.*from/],
    ['CR/LF in replyTo', brand.replace(/^replyTo: .*$/m, 'replyTo: "info@canadianmuslimpac.ca\\r\\nBcc: victim@example.org"'), /brand\.yaml.*replyTo/],
    ['CR/LF in the unsubscribe mailto', brand.replace(/^ {2}mailto: .*$/m, '  mailto: "unsubscribe@canadianmuslimpac.ca\\r\\nBcc: victim@example.org"'), /brand\.yaml.*unsubscribe\.mailto/],
  ];
  it.each(cases)('%s', async (_name, brandText, where) => {
    const result = await send(sample, brandText);
    expectRefused(result, where, { standIn: suite.standIn, outbox: result.outbox });
  });
});

/** Appends `payload` to every text field of an issue (not URLs, dates, numbers or enums). */
function poisonEveryTextField(yamlText: string, payload: string): string {
  const skip = /^(template|date|locale|src|width|height|episode|network)$|(url|Url|URL)$/;
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return skip.test(key) ? value : `${value}${payload}`;
    if (Array.isArray(value)) return value.map((item) => walk(item, key));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return YAML.stringify(walk(YAML.parse(yamlText), ''));
}

describe('markup carried in every text field is delivered as inert text', () => {
  // Each payload in every text field of one of the two templates (a send renders and checks the
  // whole issue, a few seconds here, so the templates take turns rather than doubling the cases).
  const cases: Array<[string, string, string]> = [
    ['<script> in a digest', ' <script>alert(1)</script>', ISSUE],
    ['<img onerror> in an action alert', ' <img src=x onerror=alert(1)>', SAMPLE_ACTION_ALERT],
    ['</table> in a digest', ' </table></td></tr></table>', ISSUE],
    ['quote-breaking strings in an action alert', ` "'><svg onload=alert(1)>\` x="`, SAMPLE_ACTION_ALERT],
  ];
  it.each(cases)('%s', async (_name, payload, file) => {
    const original = readFileSync(file, 'utf8');
    const result = await send(poisonEveryTextField(original, payload));
    expect(result.code, result.stderr).toBe(0);
    expect(suite.standIn.emails).toHaveLength(3);
    for (const email of suite.standIn.emails) {
      const $ = cheerio.load(email.html ?? '');
      // No element the payload could have created: no script or svg, no event-handler attribute.
      expect($('script, svg').length).toBe(0);
      const handlers = $('*')
        .toArray()
        .flatMap((el) => Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {}).filter((a) => /^on/i.test(a)));
      expect(handlers).toEqual([]);
      // The table structure is the template's: every table closed where it was opened.
      expect((email.html!.match(/<table\b/g) ?? []).length).toBe((email.html!.match(/<\/table>/g) ?? []).length);
      // The payload is there, as text: in the subject, the plain part, and the HTML's visible text.
      expect(email.subject).toContain(payload.trim());
      expect(email.text).toContain(payload.trim());
      expect($('body').text()).toContain(payload.trim());
      // Header values carry no line breaks.
      for (const value of Object.values(email.headers ?? {})) expect(String(value)).not.toMatch(/[\r\n]/);
    }
  });
});
