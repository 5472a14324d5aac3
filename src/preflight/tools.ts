/**
 * The tools preflight runs outside Node. Each is looked for cheaply (a file on
 * disk, a name on PATH); a missing one is installed by `scripts/ensure-tools.sh`
 * when we are root, and otherwise its check is reported as not checked, with
 * the one line that says how to install it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ToolName } from './types.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Debian's Chromium as root in a container, on a closed network (see the stack notes). */
export const CHROMIUM_ARGS = [
  '--headless',
  // Root in a container: Chromium's sandbox needs user namespaces it does not get.
  '--no-sandbox',
  '--disable-gpu',
  // No update checks, sync or first-run pings on a closed network.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

// scripts/ sits at the package root: two folders up from src/preflight, three from dist/src/preflight.
const ENSURE_TOOLS = ['../../scripts/ensure-tools.sh', '../../../scripts/ensure-tools.sh']
  .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
  .find((file) => existsSync(file)) ?? 'scripts/ensure-tools.sh';
const ensureToolsCommand = (tool: ToolName) => `bash ${path.relative(process.cwd(), ENSURE_TOOLS) || ENSURE_TOOLS} ${tool}`;

const onPath = (name: string) => (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, name)));

export function toolPresent(tool: ToolName): boolean {
  switch (tool) {
    case 'chromium':
      return existsSync(CHROMIUM_PATH);
    case 'java':
      return onPath('java');
    case 'spamassassin':
      return onPath('spamassassin');
  }
}

/**
 * The npm packages each tool's check loads. They are optional peer dependencies of the
 * package (about 40 MB together): a project that installs neither gets every other check,
 * and the verdict names what to install.
 */
export const TOOL_PACKAGES: Readonly<Record<ToolName, readonly string[]>> = {
  chromium: ['playwright-core', 'axe-core'],
  java: ['vnu-jar'],
  spamassassin: [],
};

const require = createRequire(import.meta.url);
const installed = (name: string) => {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
};

/** The packages a tool's check needs that this project has not installed. */
export function missingPackages(tool: ToolName): string[] {
  return TOOL_PACKAGES[tool].filter((name) => !installed(name));
}

export type ToolStatus = Readonly<{ available: true } | { available: false; reason: string }>;

/** Whether a tool can run, installing it first when allowed; the reason names how to get it when it cannot. */
export function ensureTool(tool: ToolName, install = true): ToolStatus {
  const packages = missingPackages(tool);
  if (packages.length > 0) return { available: false, reason: `${packages.join(' and ')} not installed; add ${packages.length === 1 ? 'it' : 'them'} with: npm i -D ${packages.join(' ')}` };
  if (toolPresent(tool)) return { available: true };
  if (install) {
    const result = spawnSync('bash', [ENSURE_TOOLS, tool], { encoding: 'utf8' });
    if (result.status === 0 && toolPresent(tool)) return { available: true };
    const line = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.split('\n').find((l) => l.startsWith('ensure-tools:'));
    if (line) return { available: false, reason: line.replace(/^ensure-tools:\s*/, '') };
  }
  return { available: false, reason: `${tool} is missing; install it with: ${ensureToolsCommand(tool)} (as root)` };
}

export type RunResult = Readonly<{ code: number | null; stdout: string; stderr: string }>;

/** Runs a program to completion without a shell, feeding it stdin; never rejects on a non-zero exit. */
export function run(command: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => {}); // a tool that exits early closes its stdin; its exit code tells the story
    child.stdin.end(options.input ?? '');
  });
}
