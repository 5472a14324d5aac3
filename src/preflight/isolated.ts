/**
 * Preflight in a process of its own, for the send pipeline. The external
 * checks load Chromium's driver (playwright-core), axe-core and a second
 * render of the issue; none of it can be unloaded afterwards, and in the send
 * process it would sit beside a million-row campaign for its whole run (about
 * 35 MB of heap, 80 MB of peak memory measured). In a child process it is all
 * returned to the system before the first batch goes out. The report comes
 * back over the IPC channel, exactly as `runPreflight` returns it.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DispatchError } from '../errors/errors.ts';
import type { PreflightOptions, PreflightReport } from './preflight.ts';
import type { LoadedIssue } from '../content/issue.ts';

/** What the child is asked, and what it answers. */
export type IsolatedRequest = Readonly<{ issue: LoadedIssue; options: PreflightOptions }>;
export type IsolatedAnswer =
  | Readonly<{ ok: true; report: PreflightReport }>
  | Readonly<{ ok: false; message: string; hint?: string; problems?: readonly string[]; exitCode?: number; known: boolean }>;

const CHILD = fileURLToPath(new URL(`./isolated-child${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/** Node flags the child needs: a TypeScript loader when it runs from source. */
function childExecArgv(): string[] {
  if (!CHILD.endsWith('.ts')) return [];
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

export type IsolatedOptions = PreflightOptions &
  Readonly<{
    /** Variables for the child, over this process's own (a command's environment may hold only its settings). Default: none. */
    env?: NodeJS.ProcessEnv;
  }>;

/** `runPreflight` in a child process: the same report, or the same error. */
export function runPreflightIsolated(issue: LoadedIssue, options: IsolatedOptions = {}): Promise<PreflightReport> {
  const { env, ...preflightOptions } = options;
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], {
      execArgv: childExecArgv(),
      env: { ...process.env, ...env },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answer: IsolatedAnswer | undefined;
    child.once('message', (message) => {
      answer = message as IsolatedAnswer;
      child.disconnect();
    });
    child.once('error', (error) => reject(new DispatchError(`preflight: could not start its process: ${error.message}`, { hint: 'run again with --verbose; check that node can start here' })));
    child.once('exit', (code, signal) => {
      if (!answer) {
        reject(
          new DispatchError(`preflight: its process ended (${signal ?? `exit code ${code}`}) before it reported; nothing was sent`, {
            hint: `run dispatch check ${issue.sourcePath} to see what fails`,
          }),
        );
      } else if (answer.ok) resolve(answer.report);
      else if (answer.known) reject(new DispatchError(answer.message, { hint: answer.hint, problems: answer.problems, exitCode: answer.exitCode }));
      else reject(new Error(`preflight failed: ${answer.message}`));
    });
    child.send({ issue, options: preflightOptions } satisfies IsolatedRequest);
  });
}
