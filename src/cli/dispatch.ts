#!/usr/bin/env node
/**
 * `dispatch`: the command-line program. `dispatch <command> [options]`, with
 * `--help` on every command, `dispatch help <command>` and `--version`.
 * Works from source (`tsx src/cli/dispatch.ts`) and compiled (dist/src/cli/dispatch.js,
 * the package's bin). Errors become output and exit codes in one place, runCommand.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { closestMatch, didYouMean } from '../errors/did-you-mean.ts';
import { DispatchError, EXIT } from '../errors/errors.ts';
import { columns, formatHelp, parseInput, wantsHelp, type Command } from './command.ts';
import { archive } from './commands/archive.ts';
import { audienceSync } from './commands/audience-sync.ts';
import { broadcast } from './commands/broadcast.ts';
import { check } from './commands/check.ts';
import { init } from './commands/init.ts';
import { recordCheck } from './commands/record-check.ts';
import { render } from './commands/render.ts';
import { report } from './commands/report.ts';
import { resultsPrune } from './commands/results-prune.ts';
import { send } from './commands/send.ts';
import { serve } from './commands/serve.ts';
import { subscribers } from './commands/subscribers.ts';
import { suppressions } from './commands/suppressions.ts';
import { packageVersion } from './package-root.ts';
import { runCommand, type RunOptions } from './run.ts';

/** Every command, in the order `dispatch --help` lists them (the order of a first campaign). */
export const COMMANDS: readonly Command<any>[] = [init, render, check, send, recordCheck, archive, serve, suppressions, subscribers, audienceSync, broadcast, report, resultsPrune];

/** `dispatch --help`. */
export function formatOverview(version = packageVersion()): string {
  return [
    `dispatch ${version}: render, check and send an email newsletter`,
    '',
    'usage: dispatch <command> [options]',
    '',
    'commands:',
    ...columns(COMMANDS.map((command) => [command.name, command.summary] as const)),
    '',
    'options:',
    ...columns([
      ['-h, --help', 'show this help; dispatch help <command> (or dispatch <command> --help) shows a command\'s options'],
      ['--version', 'print the version'],
      ['--verbose', 'print stack traces with errors (any command)'],
    ]),
    '',
    'exit codes (each command lists its own):',
    ...columns([
      [String(EXIT.ok), 'done'],
      [String(EXIT.failed), 'ran, but part of the work failed (content errors for render, failed checks, failed recipients)'],
      [String(EXIT.usage), 'usage, configuration or content error: nothing was done'],
    ]),
    '',
    'Files are found from the current folder: the brand from --brand, else $DISPATCH_BRAND, else content/brand.yaml;',
    'the campaign record from --db, else $DISPATCH_DB, else .dispatch/dispatch.db.',
  ].join('\n');
}

/** The command argv names and the arguments after its name. Multi-word names (`audience sync`) match word by word. */
export function findCommand(argv: readonly string[]): { command: Command<any>; rest: string[] } {
  const word = argv[0]!;
  const matches = COMMANDS.filter((command) => command.name.split(' ')[0] === word);
  for (const command of matches) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  if (matches.length > 0) {
    // `dispatch audience` with a missing or mistyped second word.
    const given = argv[1] === undefined || argv[1].startsWith('-') ? undefined : argv[1];
    const names = matches.map((command) => command.name);
    const close = given === undefined ? undefined : closestMatch(`${word} ${given}`, names);
    const message = given === undefined ? `dispatch ${word} needs a subcommand` : `unknown command "${word} ${given}"${close ? `; did you mean "${close}"?` : ''}`;
    throw new DispatchError(message, { hint: `commands: ${names.map((name) => `dispatch ${name}`).join(', ')}` });
  }
  const names = [...new Set(COMMANDS.map((command) => command.name.split(' ')[0]!)), 'help'];
  const suggestion = didYouMean(word, names);
  throw new DispatchError(`unknown command "${word}"${suggestion ? `; ${suggestion}` : ''}`, { hint: 'run dispatch --help for the list' });
}

/** What argv asks for, as the body runCommand runs and the options it needs (render's content exit code). */
function plan(argv: readonly string[]): { body: () => Promise<number | void>; options?: RunOptions } {
  const print = (text: string) => async () => void console.log(text);
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h') return { body: print(formatOverview()) };
  if (first === '--version' || first === '-v') return { body: print(packageVersion()) };
  try {
    if (first === 'help') return { body: print(argv.length > 1 ? formatHelp(findCommand(argv.slice(1)).command) : formatOverview()) };
    if (first.startsWith('-')) throw new DispatchError(`${first} before the command`, { hint: 'write dispatch <command> [options]; run dispatch --help for the list' });
    const { command, rest } = findCommand(argv);
    if (wantsHelp(rest)) return { body: print(formatHelp(command)) };
    return { body: async () => command.run(parseInput(command, rest)), options: { contentExitCode: command.contentExitCode } };
  } catch (error) {
    return { body: () => Promise.reject(error) };
  }
}

/** Runs `dispatch` with argv (without node and the script). */
export function main(argv: readonly string[] = process.argv.slice(2)): void {
  const { body, options } = plan(argv);
  runCommand(body, options);
}

// Run when executed (tsx src/cli/dispatch.ts, node dist/src/cli/dispatch.js, or npm's bin link,
// a symlink, hence realpath), not when imported by a test.
function realPath(file: string | undefined): string | undefined {
  try {
    return file === undefined ? undefined : realpathSync(file);
  } catch {
    return undefined;
  }
}
if (realPath(process.argv[1]) === realPath(fileURLToPath(import.meta.url))) main();
