/**
 * Runs a project command as a user would, in a child process: `tsx
 * src/cli/dispatch.ts <command> ...args`, from source. Synchronously
 * (`runDispatch`, `runScript`) for the many runs that only need the outcome;
 * asynchronously (`startCommand`, `startSend`, `runSend`, `runScriptAsync`)
 * where the test process must keep answering (a Resend stand-in lives in it)
 * or the run is to be killed part way.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { recordText } from './secret-scan.ts';

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

// ── asynchronous runs ───────────────────────────────────────────────────

/**
 * The environment `startCommand` (and `sendInProcess`) start from, over the
 * test process's own: nothing inherited that could change behaviour (no key,
 * secret or record of the developer's), and no external preflight tools
 * (Chromium, Java, SpamAssassin: the preflight suites' to test; elsewhere they
 * only cost time). A run that wants them passes `DISPATCH_PREFLIGHT_TOOLS: undefined`.
 */
export const BASE_ENV: NodeJS.ProcessEnv = {
  RESEND_API_KEY: '',
  RESEND_BASE_URL: '',
  RESEND_WEBHOOK_SECRET: '',
  UNSUBSCRIBE_SECRET: '',
  DISPATCH_DB: '',
  DISPATCH_PREFLIGHT_TOOLS: 'none',
  NO_COLOR: '1',
};

export type Finished = Readonly<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }>;
export type Running = Readonly<{ child: ChildProcess; done: Promise<Finished>; kill: () => Promise<Finished>; started: number; output: () => string }>;

export type CommandOptions = Readonly<{
  /** The run's umask (`/bin/sh -c 'umask …'` in front). Default: the test process's. */
  umask?: string;
  /** Working folder. Default: the repository. */
  cwd?: string;
  /** The largest file the run may write (`prlimit --fsize`); past it writes fail as on a full disk. Default: no limit. */
  maxFileBytes?: number;
}>;

/** Spawns `argv` in a process group of its own (tsx runs the script in a grandchild), its output recorded for the secret scan. */
function startProcess(argv: readonly string[], name: string, env: NodeJS.ProcessEnv, options: CommandOptions): Running {
  const started = Date.now();
  let command = [...argv];
  if (options.umask) command = ['/bin/sh', '-c', `umask ${options.umask} && exec "$0" "$@"`, ...command];
  if (options.maxFileBytes !== undefined) command = ['prlimit', `--fsize=${options.maxFileBytes}`, '--', ...command];
  const child = spawn(command[0]!, command.slice(1), { env, cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code, signal) => {
      recordText(`stdout of ${name}`, stdout);
      recordText(`stderr of ${name}`, stderr);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    }),
  );
  // SIGKILL to the group, as a real `kill -9` of the job: to tsx alone would leave the script running in its child.
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    return done;
  };
  return { child, done, kill, started, output: () => stdout + stderr };
}

const tsxArgv = (words: readonly string[], args: readonly string[]) => [TSX, '--tsconfig', TSCONFIG, DISPATCH, ...words, ...args];

/**
 * Starts `dispatch <words> ...args` (words: `['send']`, `['audience', 'sync']`…)
 * with BASE_ENV and then `env` over the test process's environment; `kill()`
 * SIGKILLs the run's process group.
 */
export function startCommand(words: readonly string[], args: readonly string[], env: NodeJS.ProcessEnv, options: CommandOptions = {}): Running {
  return startProcess(tsxArgv(words, args), [...words, ...args].join(' '), { ...process.env, ...BASE_ENV, ...env }, options);
}

/** Starts `dispatch send ...args` (see startCommand). */
export const startSend = (args: readonly string[], env: NodeJS.ProcessEnv, options: CommandOptions = {}): Running => startCommand(['send'], args, env, options);

/** `dispatch send ...args` to its end (see startCommand). */
export const runSend = (args: readonly string[], env: NodeJS.ProcessEnv, options: CommandOptions = {}) => startSend(args, env, options).done;

/** runScript without blocking this process (a stand-in in it must go on answering): the test process's environment and `env`, as runScript. */
export async function runScriptAsync(name: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ScriptResult> {
  const words = commandWords(name);
  const run = await startProcess(tsxArgv(words, args), [...words, ...args].join(' '), { ...process.env, ...env, NO_COLOR: '1' }, {}).done;
  return { status: run.code, stdout: run.stdout, stderr: run.stderr };
}
