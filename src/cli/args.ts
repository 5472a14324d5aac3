/** Flag parsing shared by the commands: unknown flags and missing files are usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DispatchError } from '../errors/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export type ParsedArgs = Readonly<{ positionals: string[]; values: Record<string, string | boolean | string[] | undefined> }>;

/** Parses argv (after the command) against the options; `--verbose` is always accepted. */
export function parseCommandArgs(usage: string, options: Options, argv: readonly string[] = process.argv.slice(2), minPositionals = 1, missing = 'missing the issue file'): ParsedArgs {
  try {
    const parsed = parseArgs({ args: [...argv], options: { ...options, verbose: { type: 'boolean' } }, allowPositionals: true, strict: true });
    if (parsed.positionals.length < minPositionals) throw new DispatchError(missing, { hint: `usage: ${usage}` });
    return { positionals: parsed.positionals, values: parsed.values as ParsedArgs['values'] };
  } catch (error) {
    if (error instanceof DispatchError) throw error;
    throw new DispatchError((error as Error).message.split('\n')[0]!, { hint: `usage: ${usage}` });
  }
}
