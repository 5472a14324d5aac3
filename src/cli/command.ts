/**
 * What a `dispatch` subcommand is: its name, a one-line summary, usage, typed
 * options (each with a description, for --help) and the exit codes it ends
 * with. Parsing and help text live here, so every command reads the same.
 */
import { parseCommandArgs } from './args.ts';

/** One option: its parseArgs type plus what --help says about it. */
export type OptionSpec = Readonly<{
  type: 'string' | 'boolean';
  multiple?: boolean;
  default?: string;
  short?: string;
  /** Placeholder for the value in help: `--out DIR`. */
  value?: string;
  description: string;
}>;

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean | undefined
  : S['multiple'] extends true
    ? string[] | undefined
    : S extends { default: string }
      ? string
      : string | undefined;

/** Parsed option values, typed from the specs (`--verbose` is always there). */
export type OptionValues<O extends OptionSpecs> = { -readonly [K in keyof O]: ValueOf<O[K]> } & { verbose?: boolean };

export type CommandInput<O extends OptionSpecs> = Readonly<{ positionals: string[]; options: OptionValues<O> }>;

export interface Command<O extends OptionSpecs = OptionSpecs> {
  /** As typed after `dispatch`: `render`, `audience sync`. */
  readonly name: string;
  /** One line for `dispatch --help`. */
  readonly summary: string;
  /** Arguments and main options after `dispatch <name>`. */
  readonly usage: string;
  /** A few sentences for `dispatch <name> --help`. */
  readonly description?: string;
  readonly options: O;
  /** Positional arguments required; fewer is a usage error with this message. Default: none. */
  readonly minPositionals?: number;
  readonly missing?: string;
  /** Exit code for invalid content, when it is not the usual 2 (render uses 1). */
  readonly contentExitCode?: number;
  /** `[code, meaning]`, for --help. */
  readonly exitCodes: ReadonlyArray<readonly [number, string]>;
  run(input: CommandInput<O>): Promise<number | void>;
}

/** Declares a command with its option types inferred from the specs. */
export function defineCommand<const O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}

/** `dispatch render <issue.yaml> …`: what error hints and help print. */
export const usageLine = (command: Command<any>): string => `dispatch ${command.name} ${command.usage}`.trimEnd();

/** Parses a command's arguments; unknown flags and missing arguments are usage errors (exit 2). */
export function parseInput<O extends OptionSpecs>(command: Command<O>, argv: readonly string[]): CommandInput<O> {
  const config = Object.fromEntries(
    Object.entries(command.options).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.default !== undefined ? { default: spec.default } : {}), ...(spec.short ? { short: spec.short } : {}) },
    ]),
  );
  const { positionals, values } = parseCommandArgs(usageLine(command), config, argv, command.minPositionals ?? 0, command.missing);
  return { positionals, options: values as OptionValues<O> };
}

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
