/** Runs a project command as a user would, in a child process. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export type ScriptResult = Readonly<{ status: number | null; stdout: string; stderr: string }>;

const TSX = path.resolve('node_modules/.bin/tsx');

/** The command-line program, from source. */
export const DISPATCH = path.resolve('src/cli/dispatch.ts');
/** tsx reads tsconfig.json from the working directory; outside the repository it would compile JSX for the classic runtime. */
const TSCONFIG = path.resolve('tsconfig.json');

/** `dispatch <command>`'s words for a command's old script name (`audience-sync` → `audience sync`). */
export const commandWords = (name: string): string[] => (name === 'audience-sync' ? ['audience', 'sync'] : [name]);

/** The argv that runs `dispatch <name> ...args` through tsx: `[tsx, [dispatch.ts, ...words, ...args]]`. */
export function dispatchArgv(name: string, args: readonly string[]): [string, string[]] {
  return [TSX, [DISPATCH, ...commandWords(name), ...args]];
}

/** `dispatch ...args` (tsx src/cli/dispatch.ts), in `cwd` (default: the repository root). */
export function runDispatch(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd?: string): ScriptResult {
  const result = spawnSync(TSX, ['--tsconfig', TSCONFIG, DISPATCH, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env, NO_COLOR: '1' },
    timeout: 60_000,
    ...(cwd ? { cwd } : {}),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `dispatch <name> ...args` from the repository root (`audience-sync` runs `dispatch audience sync`). */
export function runScript(name: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): ScriptResult {
  return runDispatch([...commandWords(name), ...args], env);
}
