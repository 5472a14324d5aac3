/**
 * The one preflight gate. `dispatch send` (campaign, dry run and test send),
 * `dispatch broadcast` and `dispatch check` all call `runGate`: the same checks
 * on the same kind of message. The send passes the message it built for its
 * first recipient (the bytes that go out); the others, a sample built by the
 * same code path (render once, personalise, build the .eml). The gate never
 * refuses by itself: send-gate.ts turns errors into the send's refusal, and
 * the check command prints the report.
 */
import { DispatchError } from '../errors/errors.ts';
import type { LoadedIssue } from '../content/issue.ts';
import type { SampleMessage } from './preflight-context.ts';
import { runPreflightIsolated } from './isolated.ts';
import { ALL_TOOLS, runPreflight, type PreflightReport } from './preflight.ts';
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

/** The tools a command runs: `--preflight-tools` when given, else DISPATCH_PREFLIGHT_TOOLS, else all. */
export function toolsFor(env: NodeJS.ProcessEnv, flag?: string): ToolName[] {
  return flag !== undefined ? parseToolList(flag, '--preflight-tools') : parseToolList(env[TOOLS_VARIABLE]);
}

export type GateInput = Readonly<{
  issue: LoadedIssue;
  /** The message the pipeline built for its first recipient. Default: a sample built the same way. */
  message?: SampleMessage;
  /** External tools to run. Default: from `env` (DISPATCH_PREFLIGHT_TOOLS), else all. */
  tools?: readonly ToolName[];
  /** The environment the command was given (sendCampaign's `env` option), else the process's. */
  env?: NodeJS.ProcessEnv;
  /**
   * Run the checks in a process of their own when an external tool runs (default: true). The
   * tools' drivers stay loaded once used; a send must not carry them beside its audience.
   */
  isolate?: boolean;
  /** The sample's Date header. Default: now. */
  date?: Date;
}>;

/** Runs every preflight check on the message and returns the full report (errors included: the caller decides). */
export async function runGate({ issue, message, tools, env = process.env, isolate = true, date }: GateInput): Promise<PreflightReport> {
  const chosen = tools ?? parseToolList(env[TOOLS_VARIABLE]);
  const options = { tools: chosen, ...(message ? { message } : {}), ...(date ? { date } : {}) };
  return isolate && chosen.length > 0 ? runPreflightIsolated(issue, { ...options, env }) : runPreflight(issue, options);
}
