/** Flag parsing shared by the commands: unknown flags and missing values are usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DispatchError } from '../errors/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export type ParsedArgs = Readonly<{ positionals: string[]; values: Record<string, string | boolean | string[] | undefined> }>;

/** Parses argv (after the command) against the options; `--verbose` is always accepted. The positionals are checked by the command's spec (command.ts). */
export function parseCommandArgs(usage: string, options: Options, argv: readonly string[] = process.argv.slice(2)): ParsedArgs {
  try {
    const parsed = parseArgs({ args: [...argv], options: { ...options, verbose: { type: 'boolean' } }, allowPositionals: true, strict: true });
    return { positionals: parsed.positionals, values: parsed.values as ParsedArgs['values'] };
  } catch (error) {
    throw new DispatchError((error as Error).message.split('\n')[0]!, { hint: `usage: ${usage}` });
  }
}
