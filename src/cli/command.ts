/**
 * What a `dispatch` subcommand is: its name, a one-line summary, usage, its
 * positional arguments and typed options (each with a description, for
 * --help) and the exit codes it ends with. Parsing and help text live here,
 * so every command reads the same.
 */
import { DispatchError, printable } from '../errors/errors.ts';
import { parseCommandArgs } from './args.ts';

/** One option: its parseArgs type plus what --help says about it. */
export type OptionSpec = Readonly<{
  type: 'string' | 'boolean';
  multiple?: boolean;
  default?: string;
  short?: string;
  /** Placeholder for the value in help: `--out DIR`. */
  value?: string;
  /** A string option the command cannot run without: missing or blank, it is a usage error (`--segment is required`). */
  required?: boolean;
  description: string;
}>;

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean | undefined
  : S['multiple'] extends true
    ? string[] | undefined
    : S extends { default: string } | { required: true }
      ? string
      : string | undefined;

/** Parsed option values, typed from the specs (`--verbose` is always there). */
export type OptionValues<O extends OptionSpecs> = { -readonly [K in keyof O]: ValueOf<O[K]> } & { verbose?: boolean };

/** One positional argument, in order: its name in the parsed input and what it is, for the error without it. */
export type ArgumentSpec = Readonly<{
  name: string;
  /** `the issue file`: without the argument, the error reads "missing the issue file". */
  what: string;
  optional?: boolean;
}>;

export type ArgumentSpecs = readonly ArgumentSpec[];

/** Parsed positional arguments by name, typed from the specs (an optional one may be undefined). */
export type ArgumentValues<A extends ArgumentSpecs> = { -readonly [S in A[number] as S['name']]: S extends { optional: true } ? string | undefined : string };

export type CommandInput<O extends OptionSpecs, A extends ArgumentSpecs = []> = Readonly<{ args: ArgumentValues<A>; options: OptionValues<O> }>;

export interface Command<O extends OptionSpecs = OptionSpecs, A extends ArgumentSpecs = ArgumentSpecs> {
  /** As typed after `dispatch`: `render`, `audience sync`. */
  readonly name: string;
  /** One line for `dispatch --help`. */
  readonly summary: string;
  /** Arguments and main options after `dispatch <name>`. */
  readonly usage: string;
  /** A few sentences for `dispatch <name> --help`. */
  readonly description?: string;
  readonly options: O;
  /** Positional arguments, in order (default: none). A missing one, or one more than these, is a usage error naming it. */
  readonly arguments?: A;
  /** Exit code for invalid content, when it is not the usual 2 (render uses 1). */
  readonly contentExitCode?: number;
  /** `[code, meaning]`, for --help. */
  readonly exitCodes: ReadonlyArray<readonly [number, string]>;
  run(input: CommandInput<O, A>): Promise<number | void>;
}

/** Declares a command with its argument and option types inferred from the specs. */
export function defineCommand<const O extends OptionSpecs, const A extends ArgumentSpecs = []>(command: Command<O, A>): Command<O, A> {
  return command;
}

/** `dispatch render <issue.yaml> …`: what error hints and help print. */
export const usageLine = (command: Command<any>): string => `dispatch ${command.name} ${command.usage}`.trimEnd();

/**
 * Parses a command's arguments against its specs; unknown flags, a missing
 * argument (named: "missing the audience CSV"), an argument too many and a
 * missing required option are usage errors (exit 2).
 */
export function parseInput<O extends OptionSpecs, A extends ArgumentSpecs>(command: Command<O, A>, argv: readonly string[]): CommandInput<O, A> {
  const usage = `usage: ${usageLine(command)}`;
  const config = Object.fromEntries(
    Object.entries(command.options).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.default !== undefined ? { default: spec.default } : {}), ...(spec.short ? { short: spec.short } : {}) },
    ]),
  );
  const { positionals, values } = parseCommandArgs(usageLine(command), config, argv);
  const specs: ArgumentSpecs = command.arguments ?? [];
  const args: Record<string, string | undefined> = {};
  specs.forEach((spec, i) => {
    if (positionals[i] === undefined && !spec.optional) throw new DispatchError(`missing ${spec.what}`, { hint: usage });
    args[spec.name] = positionals[i];
  });
  if (positionals.length > specs.length) throw new DispatchError(`unexpected argument "${printable(positionals[specs.length]!)}"`, { hint: usage });
  for (const [name, spec] of Object.entries(command.options)) {
    const value = values[name];
    if (spec.required && (value === undefined || (typeof value === 'string' && value.trim() === ''))) throw new DispatchError(`--${name} is required`, { hint: usage });
  }
  return { args: args as ArgumentValues<A>, options: values as OptionValues<O> };
}

/** The issue file, the first argument of render, check, send and broadcast. */
export const ISSUE_ARGUMENT = { name: 'issue', what: 'the issue file' } as const satisfies ArgumentSpec;

/** True when argv asks for help (`--help` or `-h` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

const GLOBAL_OPTIONS: OptionSpecs = {
  verbose: { type: 'boolean', description: 'print stack traces with errors' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** Two columns, the first padded to its widest entry. */
export function columns(rows: ReadonlyArray<readonly [string, string]>, indent = '  '): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`.trimEnd());
}

function optionLabel(name: string, spec: OptionSpec): string {
  const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
  return spec.multiple ? `${flag} …` : flag;
}

function optionText(spec: OptionSpec): string {
  return spec.default !== undefined && !spec.description.includes('default') ? `${spec.description} (default: ${spec.default})` : spec.description;
}

/** `dispatch <name> --help`: summary, usage, options with descriptions, exit codes. */
export function formatHelp(command: Command<any>): string {
  const options = Object.entries({ ...(command.options as OptionSpecs), ...GLOBAL_OPTIONS }).map(([name, spec]) => [optionLabel(name, spec), optionText(spec)] as const);
  return [
    `dispatch ${command.name}: ${command.summary}`,
    '',
    `usage: ${usageLine(command)}`,
    ...(command.description ? ['', command.description] : []),
    '',
    'options:',
    ...columns(options),
    '',
    'exit codes:',
    ...columns(command.exitCodes.map(([code, meaning]) => [String(code), meaning] as const)),
  ].join('\n');
}
