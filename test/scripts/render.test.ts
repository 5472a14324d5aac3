import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../support/run-script.ts';
import { SAMPLE_ISSUE, tempContent } from '../support/content.ts';

const tempOut = () => path.join(mkdtempSync(path.join(tmpdir(), 'dispatch-out-')), 'out');

describe('npm run render', () => {
  it('writes the HTML and text parts and prints their sizes', () => {
    const out = tempOut();
    const result = runScript('render', [SAMPLE_ISSUE, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const html = path.join(out, '2024-09-23-podcast-advocacy-updates.html');
    expect(result.stdout).toMatch(new RegExp(`${html.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s+\\d+\\.\\d KB`));
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html/);
    const text = readFileSync(html.replace(/\.html$/, '.txt'), 'utf8');
    expect(text).toContain('ADVOCACY UPDATES');
    // Without --recipient, merge fields show their fallbacks.
    expect(text).toContain('Salaam friend,');
    expect(readFileSync(html, 'utf8')).not.toContain('{{');
  });

  it('fills merge fields for a look with --recipient', () => {
    const out = tempOut();
    const result = runScript('render', [SAMPLE_ISSUE, '--out', out, '--recipient', '{"first_name":"Amina"}']);
    expect(result.status).toBe(0);
    expect(readFileSync(path.join(out, '2024-09-23-podcast-advocacy-updates.txt'), 'utf8')).toContain('Salaam Amina,');
  });

  it('refuses invalid content with one line per problem, exit 1 and nothing written', () => {
    const { issue } = tempContent({ 'bad.yaml': readFileSync(SAMPLE_ISSUE, 'utf8').replace('locale: en-CA', 'locale: 42!').replace('watchUrl: https://', 'watchUrl: http://') });
    const out = tempOut();
    const result = runScript('render', [issue('bad.yaml'), '--out', out]);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/bad\.yaml:8: locale: must be a BCP 47 language tag/),
      expect.stringMatching(/bad\.yaml:\d+: podcast\.watchUrl: must be an https:\/\/ URL \(got http:\)/),
      expect.stringMatching(/^error: .*bad\.yaml: 2 problems found; fix them and run again$/),
    ]);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(existsSync(out)).toBe(false);
  });

  it('treats usage mistakes as exit 2 with the usage line', () => {
    const noFile = runScript('render', []);
    expect(noFile.status).toBe(2);
    expect(noFile.stderr).toMatch(/^error: missing the issue file \(usage: dispatch render /);
    const badFlag = runScript('render', [SAMPLE_ISSUE, '--colour']);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toContain("Unknown option '--colour'");
    const badJson = runScript('render', [SAMPLE_ISSUE, '--out', tempOut(), '--recipient', '{first_name: Amina}']);
    expect(badJson.status).toBe(2);
    expect(badJson.stderr.trim()).toBe(`error: --recipient is not valid JSON (write it as '{"first_name":"Amina"}')`);
  });

  it('shows a stack trace only with --verbose', () => {
    const quiet = runScript('render', ['content/issues/missing.yaml']);
    expect(quiet.stderr.trim()).toBe('error: content/issues/missing.yaml: file not found (check the path)');
    const verbose = runScript('render', ['content/issues/missing.yaml', '--verbose']);
    expect(verbose.stderr).toMatch(/DispatchError: content\/issues\/missing\.yaml: file not found/);
  });

  it('renders every issue in content/issues', () => {
    for (const file of readdirSync('content/issues')) {
      const result = runScript('render', [path.join('content/issues', file), '--out', tempOut()]);
      expect(result.status, `${file}: ${result.stderr}`).toBe(0);
    }
  });
});
