/**
 * `dispatch` as a user runs it: help for the program and every command,
 * unknown commands and flags, --version, `dispatch init` in an empty folder
 * (and refusing a second time), and where the brand file comes from.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBrand } from '../../src/content/load.ts';
import { openDb } from '../../src/store/db.ts';
import { runDispatch } from '../support/run-script.ts';

const SAMPLE = 'content/issues/2024-09-23-podcast-advocacy-updates.yaml';
const INIT_FILES = ['content/brand.yaml', SAMPLE, 'content/audiences/sample.csv'];
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'dispatch-cli-'));

/** The command names `dispatch --help` lists, from its `commands:` block. */
function listedCommands(help: string): string[] {
  const block = help.split('\ncommands:\n')[1]!.split('\n\n')[0]!;
  return block.split('\n').map((line) => line.trim().split(/\s{2,}/)[0]!);
}

const help = runDispatch(['--help']);
const commands = listedCommands(help.stdout);

describe('dispatch --help', () => {
  it('lists every command, exits 0', () => {
    expect(help.status).toBe(0);
    expect(commands).toEqual(['init', 'render', 'check', 'send', 'record check', 'archive', 'serve', 'suppressions', 'subscribers', 'audience sync', 'broadcast', 'report', 'results prune']);
    expect(help.stdout).toMatch(/^usage: dispatch <command> \[options\]$/m);
    expect(help.stdout).toMatch(/^exit codes/m);
  });

  it('is what `dispatch` alone and `dispatch help` print', () => {
    expect(runDispatch([]).stdout).toBe(help.stdout);
    expect(runDispatch(['help']).stdout).toBe(help.stdout);
  });

  it.each(['init', 'render', 'check', 'send', 'record check', 'archive', 'serve', 'suppressions', 'subscribers', 'audience sync', 'broadcast'])('dispatch %s --help: usage, every option with a description, exit codes', (name) => {
    const result = runDispatch([...name.split(' '), '--help']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^usage: dispatch ${name}\\b`, 'm'));
    const options = result.stdout.split('\noptions:\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(options.length).toBeGreaterThanOrEqual(2);
    for (const line of options) expect(line, line).toMatch(/^ {2}(-\w, )?--[\w-]+( \S+)? +\S/);
    expect(result.stdout).toMatch(/\nexit codes:\n {2}0 /);
    // -h and `dispatch help <command>` say the same.
    expect(runDispatch([...name.split(' '), '-h']).stdout).toBe(result.stdout);
    expect(runDispatch(['help', ...name.split(' ')]).stdout).toBe(result.stdout);
  });

  it('help for the options each command reads its files with', () => {
    for (const name of ['render', 'check', 'send', 'archive', 'serve', 'broadcast']) expect(runDispatch([name, '--help']).stdout, name).toMatch(/--brand FILE +.*DISPATCH_BRAND.*content\/brand\.yaml/);
    expect(runDispatch(['send', '--help']).stdout).toMatch(/--db PATH +.*DISPATCH_DB/);
  });

  it('--version prints the package version', () => {
    const result = runDispatch(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});

describe('mistakes', () => {
  it('an unknown command: one line with a suggestion, exit 2', () => {
    const result = runDispatch(['rendr', SAMPLE]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe('error: unknown command "rendr"; did you mean "render"? (run dispatch --help for the list)');
    const sub = runDispatch(['audience', 'snyc', 'x.csv']);
    expect(sub.status).toBe(2);
    expect(sub.stderr.trim()).toMatch(/^error: unknown command "audience snyc"; did you mean "audience sync"\?/);
    expect(runDispatch(['help', 'sned']).stderr.trim()).toMatch(/^error: unknown command "sned"; did you mean "send"\?/);
    const nothingClose = runDispatch(['frobnicate']);
    expect(nothingClose.status).toBe(2);
    expect(nothingClose.stderr.trim()).toBe('error: unknown command "frobnicate" (run dispatch --help for the list)');
  });

  it('an unknown flag: one line with the usage, exit 2', () => {
    const result = runDispatch(['render', SAMPLE, '--colour']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: Unknown option '--colour'.*\(usage: dispatch render /);
    expect(runDispatch(['--colour']).status).toBe(2);
  });

  it('an unknown command or flag carrying control characters: echoed escaped, no raw escape byte reaches the terminal', () => {
    for (const args of [['rend\x1b[2Jer'], ['render', SAMPLE, '--col\x1b]0;x\x07our']]) {
      const result = runDispatch(args);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      expect(result.stderr).toMatch(/\\x1b(\[2J|\]0;x\\x07)/);
    }
  });
});

describe('arguments: each command names the one missing or extra, exit 2', () => {
  it.each([
    [['audience', 'sync'], 'missing the audience CSV', 'audience sync'],
    [['audience', 'sync', '--segment', 'news'], 'missing the audience CSV', 'audience sync'],
    [['send', '--audience', 'content/audiences/sample.csv'], 'missing the issue file', 'send'],
    [['broadcast', '--segment', 'news'], 'missing the issue file', 'broadcast'],
    [['suppressions'], 'missing the subcommand: export', 'suppressions'],
    [['render', SAMPLE, 'extra.yaml'], 'unexpected argument "extra.yaml"', 'render'],
    [['send', SAMPLE, 'second.yaml', '--audience', 'content/audiences/sample.csv', '--dry-run'], 'unexpected argument "second.yaml"', 'send'],
    [['suppressions', 'export', 'more'], 'unexpected argument "more"', 'suppressions'],
    [['broadcast', SAMPLE], '--segment is required', 'broadcast'],
    [['audience', 'sync', 'content/audiences/sample.csv', '--segment', '  '], '--segment is required', 'audience sync'],
  ])('dispatch %j: %s', (args, message, command) => {
    const result = runDispatch(args, { RESEND_API_KEY: '' });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toMatch(new RegExp(`^error: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(usage: dispatch ${command} `));
  });
});

describe('broadcast and audience sync check the Resend settings as the send does, before anything is read', () => {
  it.each([
    [{ RESEND_API_KEY: '' }, /^error: RESEND_API_KEY is not set \((broadcasts are created in Resend|audience sync talks to Resend); set the key/],
    [{ RESEND_API_KEY: 're_12345 6789' }, /^error: RESEND_API_KEY does not look like an API key .*\(copy the key again from https:\/\/resend\.com\/api-keys \(it starts with re_\)\)$/],
    [{ RESEND_API_KEY: 're_123456789', RESEND_BASE_URL: 'ftp://resend.example' }, /^error: RESEND_BASE_URL is not an http\(s\) URL/],
    [{ RESEND_API_KEY: 're_123456789', DISPATCH_MAX_ATTEMPTS: 'lots' }, /^error: DISPATCH_MAX_ATTEMPTS must be a number from 1 to 100/],
  ])('%j', (env, message) => {
    const dir = tempDir();
    const db = path.join(dir, 'd.db');
    for (const args of [
      ['broadcast', SAMPLE, '--segment', 'news', '--db', db, '--preflight-tools', 'none'],
      ['audience', 'sync', 'content/audiences/sample.csv', '--segment', 'news', '--db', db],
    ]) {
      const result = runDispatch(args, env);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(message);
    }
    // Refused before the record was opened.
    expect(existsSync(db)).toBe(false);
  });
});

describe('file and disk problems name the file and the fix (never "report it": they are not bugs)', () => {
  it('an --out that is a file, a missing folder, a folder: one line naming the path, exit 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-cli-files-'));
    const file = path.join(dir, 'a-file');
    writeFileSync(file, '');
    const db = path.join(dir, 'd.db');
    openDb(db).close();
    for (const [args, where] of [
      [['render', SAMPLE, '--out', file], `${file}: `],
      [['suppressions', 'export', '--db', db, '--out', path.join(dir, 'missing', 'x.csv')], `${path.join(dir, 'missing', 'x.csv')}: `],
      [['suppressions', 'export', '--db', db, '--out', dir], `${dir}: `],
    ] as const) {
      const result = runDispatch([...args]);
      expect(result.status, result.stderr).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: /);
      expect(lines[0]).toContain(where);
      expect(lines[0]).toMatch(/\((check|choose|remove|free)[^)]*\)$/);
      expect(lines[0]).not.toMatch(/report it|--verbose|EEXIST|ENOENT|EISDIR/);
    }
  });
});

describe('dispatch init', () => {
  it('writes the three starter files into an empty folder; the sample renders and sends there; a second init refuses and changes nothing', () => {
    const dir = tempDir();
    const result = runDispatch(['init'], {}, dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const file of INIT_FILES) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
      expect(result.stdout).toContain(`wrote ${file}`);
    }
    expect(result.stdout).toContain(`dispatch send ${SAMPLE} --audience content/audiences/sample.csv`);
    expect(readFileSync(path.join(dir, SAMPLE), 'utf8')).toBe(readFileSync(SAMPLE, 'utf8'));
    expect(readFileSync(path.join(dir, 'content/audiences/sample.csv'), 'utf8')).toBe(readFileSync('content/audiences/sample.csv', 'utf8'));

    // The brand: the sample's values, valid as they are, with what to fill in marked.
    const brandText = readFileSync(path.join(dir, 'content/brand.yaml'), 'utf8');
    expect(brandText).toMatch(/^name: .* # fill in: your legal name/m);
    expect(brandText).toMatch(/# fill in: your postal address.*\nmailingAddress: \|/);
    expect(brandText).toMatch(/^ {2}url: .*\{\{token\}\}.* # fill in:/m);
    expect(loadBrand(path.join(dir, 'content/brand.yaml'))).toEqual(loadBrand('content/brand.yaml'));

    const render = runDispatch(['render', SAMPLE, '--out', 'out'], {}, dir);
    expect(render.status, render.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'out/2024-09-23-podcast-advocacy-updates.html'), 'utf8')).toMatch(/^<!DOCTYPE html/);

    const send = runDispatch(['send', SAMPLE, '--audience', 'content/audiences/sample.csv'], { RESEND_API_KEY: '', UNSUBSCRIBE_SECRET: '', DISPATCH_DB: '', DISPATCH_BRAND: '', DISPATCH_PREFLIGHT_TOOLS: 'none' }, dir);
    expect(send.status, send.stderr).toBe(0);
    expect(readdirSync(path.join(dir, 'outbox/2024-09-23-podcast-advocacy-updates')).filter((f) => f.endsWith('.eml')).length).toBeGreaterThan(0);

    const before = INIT_FILES.map((file) => [readFileSync(path.join(dir, file), 'utf8'), statSync(path.join(dir, file)).mtimeMs]);
    const again = runDispatch(['init'], {}, dir);
    expect(again.status).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr.trim()).toMatch(/^error: content\/brand\.yaml already exists; init overwrites nothing \(.*\)$/);
    expect(INIT_FILES.map((file) => [readFileSync(path.join(dir, file), 'utf8'), statSync(path.join(dir, file)).mtimeMs])).toEqual(before);
  });

  it('writes into DIR; refuses, writing nothing, when any one of the files is there', () => {
    const dir = tempDir();
    expect(runDispatch(['init', 'news'], {}, dir).status).toBe(0);
    expect(existsSync(path.join(dir, 'news/content/brand.yaml'))).toBe(true);

    const partial = tempDir();
    mkdirSync(path.join(partial, 'content/audiences'), { recursive: true });
    writeFileSync(path.join(partial, 'content/audiences/sample.csv'), 'email\nours@example.org\n');
    const result = runDispatch(['init'], {}, partial);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toMatch(/^error: content\/audiences\/sample\.csv already exists/);
    expect(existsSync(path.join(partial, 'content/brand.yaml'))).toBe(false);
    expect(existsSync(path.join(partial, 'content/issues'))).toBe(false);
    expect(readFileSync(path.join(partial, 'content/audiences/sample.csv'), 'utf8')).toBe('email\nours@example.org\n');
  });
});

describe('where the brand comes from: --brand, else DISPATCH_BRAND, else ./content/brand.yaml', () => {
  const brand = readFileSync('content/brand.yaml', 'utf8');
  const named = (name: string) => brand.replace(/^name: .*$/m, `name: ${name}`);
  const dir = tempDir();
  mkdirSync(path.join(dir, 'content/issues'), { recursive: true });
  writeFileSync(path.join(dir, SAMPLE), readFileSync(SAMPLE));
  writeFileSync(path.join(dir, 'content/brand.yaml'), named('Folder Brand Org'));
  writeFileSync(path.join(dir, 'env-brand.yaml'), named('Env Brand Org'));
  writeFileSync(path.join(dir, 'flag-brand.yaml'), named('Flag Brand Org'));

  /** The organisation the rendered issue's footer names. */
  const renderedWith = (args: string[], env: NodeJS.ProcessEnv) => {
    const out = path.join(tempDir(), 'out');
    const result = runDispatch(['render', SAMPLE, '--out', out, ...args], { DISPATCH_BRAND: '', ...env }, dir);
    expect(result.status, result.stderr).toBe(0);
    return /subscribed to updates from (.*)\./.exec(readFileSync(path.join(out, '2024-09-23-podcast-advocacy-updates.txt'), 'utf8'))?.[1];
  };

  it('--brand beats DISPATCH_BRAND, which beats ./content/brand.yaml', () => {
    expect(renderedWith(['--brand', 'flag-brand.yaml'], { DISPATCH_BRAND: 'env-brand.yaml' })).toBe('Flag Brand Org');
    expect(renderedWith([], { DISPATCH_BRAND: 'env-brand.yaml' })).toBe('Env Brand Org');
    expect(renderedWith([], {})).toBe('Folder Brand Org');
  });

  it('a missing brand file: one line naming it and what to do, exit 2', () => {
    const empty = tempDir();
    writeFileSync(path.join(empty, 'issue.yaml'), readFileSync(SAMPLE));
    const result = runDispatch(['render', 'issue.yaml'], { DISPATCH_BRAND: '' }, empty);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('error: content/brand.yaml: brand file not found (run dispatch init, or pass --brand FILE)');
    const fromEnv = runDispatch(['check', 'issue.yaml'], { DISPATCH_BRAND: 'nowhere.yaml' }, empty);
    expect(fromEnv.status).toBe(2);
    expect(fromEnv.stderr.trim()).toBe('error: nowhere.yaml: brand file not found (named by DISPATCH_BRAND; run dispatch init, or pass --brand FILE)');
  });
});

describe('README', () => {
  // The README's commands table is where users look; every command `dispatch --help` lists must be in it.
  it('lists every command in its commands table as `dispatch <command>`', () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = readme.split(/^## Commands$/m)[1]?.split(/^## /m)[0] ?? '';
    const rows = table.split('\n').filter((line) => line.startsWith('|'));
    for (const name of commands) expect(rows.some((row) => row.includes(`\`dispatch ${name}`)), `dispatch ${name}`).toBe(true);
  });
});
