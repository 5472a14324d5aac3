/**
 * The Atom feed and the sitemap carry text, never markup: hostile subjects,
 * preheaders and brand names come out of an XML parser exactly as written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { archiveFeed, loadArchive, renderSite } from '../../src/archive/index.ts';
import { BRAND, SAMPLE_ACTION_ALERT, SAMPLE_ISSUE, tempContent } from '../support/content.ts';

const sample = readFileSync(SAMPLE_ISSUE, 'utf8');
const brandYaml = readFileSync(BRAND, 'utf8');

const SUBJECT = `<img src=x onerror=alert(1)> Vote <No> on "C-21" & 'C-63' ]]> now ]]> &amp;`;
const PREHEADER = `Vote <No> on the bill: <b>two</b> minutes ]]> & a <script>alert(1)</script> to act`;
const NAME = 'News &amp; <Views> ]]>';

/** An archive of one issue with a hostile subject and preheader, and a brand with a hostile newsletter name. */
function hostileArchive() {
  const issue = sample.replace(/^subject: .*$/m, `subject: ${JSON.stringify(SUBJECT)}`).replace(/^preheader: .*$/m, `preheader: ${JSON.stringify(PREHEADER)}`);
  const { dir } = tempContent({ '2024-09-23-hostile.yaml': issue });
  writeFileSync(path.join(dir, 'brand.yaml'), brandYaml.replace(/^newsletterName: .*$/m, `newsletterName: ${JSON.stringify(NAME)}`));
  return loadArchive(dir);
}

/** The elements named `name` in an XML document, parsed as a feed reader would. */
function elements(xml: string, name: string): Element[] {
  return DomUtils.getElementsByTagName(name, parseDocument(xml, { xmlMode: true }).children, true);
}

/** What a feed reader shows for an Atom text construct: its text, when it is declared text (the default). */
function atomText(element: Element): string {
  expect(element.attribs.type ?? 'text', `<${element.name}> must be declared text`).toBe('text');
  expect(element.children.filter((child) => child.type !== 'text'), `<${element.name}> must hold only text`).toEqual([]);
  return DomUtils.textContent(element);
}

describe('the Atom feed', () => {
  it('carries a hostile subject, preheader and newsletter name as text, exactly as written', () => {
    const xml = archiveFeed(hostileArchive());
    expect(XMLValidator.validate(xml)).toBe(true);
    const [entry] = elements(xml, 'entry');
    expect(atomText(DomUtils.getElementsByTagName('title', entry!.children, false)[0]!)).toBe(SUBJECT);
    expect(atomText(DomUtils.getElementsByTagName('summary', entry!.children, false)[0]!)).toBe(PREHEADER);
    const [feed] = elements(xml, 'feed');
    expect(DomUtils.getElementsByTagName('title', feed!.children, false).map(atomText)).toEqual([NAME]);
  });
});

describe('the sitemap and the pages', () => {
  it('hold the same hostile text only as text', () => {
    const files = renderSite(hostileArchive());
    const sitemap = files.get('sitemap.xml')!;
    expect(XMLValidator.validate(sitemap)).toBe(true);
    const page = parseDocument([...files].find(([file]) => file.startsWith('2024/'))![1]);
    expect(DomUtils.getElementsByTagName('img', page.children, true).filter((img) => img.attribs.onerror !== undefined)).toEqual([]);
    expect(DomUtils.getElementsByTagName('script', page.children, true)).toEqual([]);
    expect(DomUtils.textContent(DomUtils.getElementsByTagName('h1', page.children, true)[0]!)).toBe(SUBJECT);
  });
});

describe('merge fields on the pages', () => {
  it('show their fallback as text: a fallback cannot complete a link the schema never saw', () => {
    // As written, `[donate]{{first_name|(}}data:…)` holds no link; with the fallback filled in first, it would.
    const alert = readFileSync(SAMPLE_ACTION_ALERT, 'utf8').replace(/^ {2}text: Campaigns like this one.*$/m, '  text: "Give [here]{{first_name|(}}data:text/html;base64,PHNjcmlwdD4=) today"');
    const { dir } = tempContent({ '2024-10-02-alert.yaml': alert });
    const page = [...renderSite(loadArchive(dir))].find(([file]) => file.startsWith('2024/'))![1];
    expect(page).not.toMatch(/href="data:/);
    expect(DomUtils.textContent(parseDocument(page).children)).toContain('Give [here](data:text/html;base64,PHNjcmlwdD4=) today');
  });
});
