/**
 * The preflight check `dispatch send` runs (it sits in the send pipeline's list
 * of checks, src/campaign/preflight.ts): the same checks as `dispatch check`.
 * Any error refuses the send (assertPreflight throws: exit 2, nothing sent;
 * there is no override). Warnings, and tools that could not run, come back as
 * the pipeline's warnings so the sender sees them.
 */
import { DispatchError } from '../errors/errors.ts';
import { runPreflightIsolated } from './isolated.ts';
import { ALL_TOOLS, assertPreflight, formatFinding, runPreflight } from './preflight.ts';
import type { LoadedIssue } from '../content/issue.ts';
import type { ToolName } from './types.ts';

/** The variable that limits the external tools (`chromium,java,spamassassin` or `none`); the cheap checks, compliance included, always run. */
export const TOOLS_VARIABLE = 'DISPATCH_PREFLIGHT_TOOLS';

/** `chromium,java,spamassassin`, `none`, or unset (all). */
export function parseToolList(value: string | undefined, source = TOOLS_VARIABLE): ToolName[] {
  if (value === undefined || value.trim() === '') return [...ALL_TOOLS];
  if (value.trim() === 'none') return [];
  const tools = value.split(',').map((tool) => tool.trim());
  const unknown = tools.filter((tool) => !(ALL_TOOLS as readonly string[]).includes(tool));
  if (unknown.length > 0) throw new DispatchError(`${source}: unknown tool ${unknown.join(', ')}`, { hint: `choose from ${ALL_TOOLS.join(', ')} or none` });
  return tools as ToolName[];
}

export type GateWarning = Readonly<{ level: 'warning'; message: string }>;

/** `env`: the environment the command was given (sendCampaign's `env` option), else the process's. */
export async function preflightGate({ issue, env = process.env }: { issue: LoadedIssue; env?: NodeJS.ProcessEnv }): Promise<GateWarning[]> {
  const tools = parseToolList(env[TOOLS_VARIABLE]);
  // The external tools' drivers stay loaded once used: with any of them, check in a process of its own.
  const report = await assertPreflight(issue, { tools }, tools.length > 0 ? (i, o) => runPreflightIsolated(i, { ...o, env }) : runPreflight);
  return [
    ...report.findings.filter((f) => f.severity === 'warning').map((f) => ({ level: 'warning' as const, message: `preflight: ${formatFinding(f)}` })),
    ...report.notChecked.map((n) => ({ level: 'warning' as const, message: `preflight: not checked: ${n.check}: ${n.reason}` })),
  ];
}
