/** Runs a project command as a user would, in a child process. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export type ScriptResult = Readonly<{ status: number | null; stdout: string; stderr: string }>;

const TSX = path.resolve('node_modules/.bin/tsx');

/** `tsx scripts/<name>.ts ...args` from the repository root. */
export function runScript(name: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): ScriptResult {
  const result = spawnSync(TSX, [path.resolve('scripts', `${name}.ts`), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
